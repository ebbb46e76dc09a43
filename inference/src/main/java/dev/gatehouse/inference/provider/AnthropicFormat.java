package dev.gatehouse.inference.provider;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.inference.ChatRequest;
import dev.gatehouse.inference.FinishReason;
import dev.gatehouse.inference.GenerationParams;
import dev.gatehouse.inference.ResponseFormat;
import dev.gatehouse.inference.TokenEvent;
import dev.gatehouse.inference.ToolCall;
import dev.gatehouse.inference.Usage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Anthropic Messages. System messages go to the top-level {@code system} field; {@code max_tokens} is required
 * there, so a request without one asks for {@link #DEFAULT_MAX_TOKENS}. Tools map to Anthropic's tools,
 * {@code tool_use} and {@code tool_result}; what Anthropic cannot do is refused by {@link #unsupported}.
 */
final class AnthropicFormat implements WireFormat {

    static final String VERSION = "2023-06-01";
    static final int DEFAULT_MAX_TOKENS = 4096;

    @Override
    public String path() {
        return "messages";
    }

    @Override
    public Map<String, String> authHeaders(ApiKey key) {
        return Map.of("x-api-key", key.value(), "anthropic-version", VERSION);
    }

    /**
     * Anthropic has no token log probabilities, logit bias, seed, penalties or min-p, and no JSON output mode;
     * a tool call's arguments must be a JSON object there (its {@code input}).
     */
    @Override
    public List<String> unsupported(ChatRequest request, ProviderOptions options) {
        GenerationParams p = request.params();
        List<String> refused = new ArrayList<>();
        if (p.logprobs()) refused.add("logprobs");
        if (p.topLogprobs() != null && p.topLogprobs() > 0) refused.add("top_logprobs");
        if (!p.logitBias().isEmpty()) refused.add("logit_bias");
        if (options.responseFormat() != null || p.responseFormat().type() != ResponseFormat.Type.TEXT) {
            refused.add("response_format");
        }
        if (p.seed() != null) refused.add("seed");
        if (p.frequencyPenalty() != null) refused.add("frequency_penalty");
        if (p.presencePenalty() != null) refused.add("presence_penalty");
        if (p.minP() != null) refused.add("min_p");
        if (p.repeatPenalty() != null) refused.add("repeat_penalty");
        for (int i = 0; i < request.messages().size(); i++) {
            List<ToolCall> calls = request.messages().get(i).toolCalls();
            for (int j = 0; j < calls.size(); j++) {
                if (!isJsonObject(calls.get(j).arguments())) {
                    refused.add("messages[" + i + "].tool_calls[" + j + "].function.arguments");
                }
            }
        }
        return refused;
    }

    private static boolean isJsonObject(String text) {
        try {
            return WireFormat.tree(text).isObject();
        } catch (IllegalArgumentException notJson) {
            return false;
        }
    }

    @Override
    public byte[] body(String model, ChatRequest request, ProviderOptions options, boolean stream) {
        return WireFormat.serialize(AnthropicRequestBody.of(model, request, options, stream));
    }

    @Override
    public Answer answer(JsonNode body) {
        JsonNode content = body.path("content");
        if (!content.isArray()) {
            throw new IllegalArgumentException("no content array in the answer");
        }
        StringBuilder text = new StringBuilder();
        List<ToolCall> toolCalls = new ArrayList<>();
        for (JsonNode block : content) {
            switch (block.path("type").asText()) {
                case "text" -> text.append(block.path("text").asText(""));
                case "tool_use" -> toolCalls.add(new ToolCall(block.path("id").asText(""),
                        block.path("name").asText(""), block.path("input").toString()));
                default -> { } // thinking and future block types carry no answer text
            }
        }
        JsonNode usage = body.path("usage");
        return new Answer(text.toString(), finish(body.path("stop_reason").asText("end_turn")),
                new Usage(usage.path("input_tokens").asInt(0), usage.path("output_tokens").asInt(0)), List.of(),
                toolCalls);
    }

    /** end_turn and stop_sequence are a normal stop; max_tokens is OpenAI's "length", tool_use its "tool_calls". */
    static FinishReason finish(String stopReason) {
        return switch (stopReason) {
            case "max_tokens" -> FinishReason.LENGTH;
            case "tool_use" -> FinishReason.TOOL_CALLS;
            default -> FinishReason.STOP;
        };
    }

    @Override
    public StreamTranslator translator() {
        return new Translator();
    }

    /**
     * message_start (input tokens), content_block_start/delta/stop, message_delta (stop reason, output tokens),
     * message_stop; ping is ignored and error is raised. A tool_use block's input arrives as pieces of JSON text
     * (input_json_delta); the calls are handed out whole with the end.
     */
    private static final class Translator implements StreamTranslator {
        private final TreeMap<Integer, ToolUse> toolUses = new TreeMap<>();
        private int inputTokens;
        private int outputTokens;
        private FinishReason finish = FinishReason.STOP;

        @Override
        public void accept(SseEvent event, List<TokenEvent> out) {
            JsonNode data;
            try {
                data = MAPPER.readTree(event.data());
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("a stream event is not JSON");
            }
            String type = event.name() != null ? event.name() : data.path("type").asText("");
            switch (type) {
                case "message_start" -> {
                    JsonNode usage = data.path("message").path("usage");
                    inputTokens = usage.path("input_tokens").asInt(0);
                    outputTokens = usage.path("output_tokens").asInt(0);
                }
                case "content_block_start" -> {
                    JsonNode block = data.path("content_block");
                    if ("tool_use".equals(block.path("type").asText())) {
                        toolUses.put(data.path("index").asInt(), new ToolUse(block.path("id").asText(""),
                                block.path("name").asText(""), new StringBuilder()));
                    }
                }
                case "content_block_delta" -> {
                    JsonNode delta = data.path("delta");
                    switch (delta.path("type").asText()) {
                        case "text_delta" -> {
                            if (!delta.path("text").asText("").isEmpty()) {
                                out.add(new TokenEvent.Text(delta.path("text").asText()));
                            }
                        }
                        case "input_json_delta" -> {
                            ToolUse use = toolUses.get(data.path("index").asInt());
                            if (use == null) {
                                throw new IllegalArgumentException("input_json_delta for a block that is no tool_use");
                            }
                            use.input().append(delta.path("partial_json").asText(""));
                        }
                        default -> { } // thinking and future delta types carry no answer text
                    }
                }
                case "message_delta" -> {
                    if (data.path("delta").path("stop_reason").isTextual()) {
                        finish = finish(data.path("delta").path("stop_reason").asText());
                    }
                    if (data.path("usage").path("output_tokens").isNumber()) {
                        outputTokens = data.path("usage").path("output_tokens").asInt();
                    }
                }
                case "message_stop" -> out.add(new TokenEvent.End(finish, new Usage(inputTokens, outputTokens),
                        toolUses.values().stream().map(ToolUse::call).toList()));
                case "error" -> {
                    String errorType = data.path("error").path("type").asText("");
                    throw new WireFormat.StreamErrorEvent(errorType.equals("rate_limit_error")
                            ? ProviderException.Kind.RATE_LIMITED : ProviderException.Kind.SERVER_ERROR,
                            errorType + ": " + data.path("error").path("message").asText(""));
                }
                default -> { } // ping, content_block_stop and future event types carry no text
            }
        }

        /** A streamed tool_use block; an input that never got a piece is the empty object. */
        private record ToolUse(String id, String name, StringBuilder input) {
            ToolCall call() {
                return new ToolCall(id, name, input.isEmpty() ? "{}" : input.toString());
            }
        }

        @Override
        public TokenEvent.End atEndOfBody() {
            return null; // message_stop is the only proper end
        }
    }
}
