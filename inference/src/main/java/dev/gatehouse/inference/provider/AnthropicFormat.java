package dev.gatehouse.inference.provider;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.inference.ChatMessage;
import dev.gatehouse.inference.ChatRequest;
import dev.gatehouse.inference.FinishReason;
import dev.gatehouse.inference.GenerationParams;
import dev.gatehouse.inference.TokenEvent;
import dev.gatehouse.inference.Usage;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Anthropic Messages. System messages go to the top-level {@code system} field; {@code max_tokens} is required
 * there, so a request without one asks for {@link #DEFAULT_MAX_TOKENS}.
 */
final class AnthropicFormat implements WireFormat {

    static final String VERSION = "2023-06-01";
    static final int DEFAULT_MAX_TOKENS = 4096;

    @Override
    public String path() {
        return "messages";
    }

    @Override
    public void authenticate(HttpRequest.Builder request, ApiKey key) {
        request.header("x-api-key", key.value());
        request.header("anthropic-version", VERSION);
    }

    @Override
    public byte[] body(String model, ChatRequest request, boolean stream) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("model", model);
        GenerationParams p = request.params();
        root.put("max_tokens", p.maxTokens() != null ? p.maxTokens() : DEFAULT_MAX_TOKENS);
        String system = request.messages().stream().filter(m -> m.role() == ChatMessage.Role.SYSTEM)
                .map(ChatMessage::content).collect(Collectors.joining("\n\n"));
        if (!system.isEmpty()) {
            root.put("system", system);
        }
        ArrayNode messages = root.putArray("messages");
        for (ChatMessage m : request.messages()) {
            if (m.role() != ChatMessage.Role.SYSTEM) {
                messages.addObject().put("role", m.role().wireName()).put("content", m.content());
            }
        }
        if (p.temperature() != null) root.put("temperature", p.temperature());
        if (p.topP() != null) root.put("top_p", p.topP());
        if (!p.stop().isEmpty()) p.stop().forEach(root.putArray("stop_sequences")::add);
        if (stream) root.put("stream", true);
        try {
            return MAPPER.writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serializes", e);
        }
    }

    @Override
    public Answer answer(JsonNode body) {
        JsonNode content = body.path("content");
        if (!content.isArray()) {
            throw new IllegalArgumentException("no content array in the answer");
        }
        StringBuilder text = new StringBuilder();
        for (JsonNode block : content) {
            if ("text".equals(block.path("type").asText())) {
                text.append(block.path("text").asText(""));
            }
        }
        JsonNode usage = body.path("usage");
        return new Answer(text.toString(), finish(body.path("stop_reason").asText("end_turn")),
                new Usage(usage.path("input_tokens").asInt(0), usage.path("output_tokens").asInt(0)));
    }

    /** end_turn and stop_sequence are a normal stop; max_tokens is OpenAI's "length". */
    static FinishReason finish(String stopReason) {
        return "max_tokens".equals(stopReason) ? FinishReason.LENGTH : FinishReason.STOP;
    }

    @Override
    public StreamTranslator translator() {
        return new Translator();
    }

    /**
     * message_start (input tokens), content_block_start/delta/stop, message_delta (stop reason, output tokens),
     * message_stop; ping is ignored and error is raised.
     */
    private static final class Translator implements StreamTranslator {
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
                case "content_block_delta" -> {
                    JsonNode delta = data.path("delta");
                    if ("text_delta".equals(delta.path("type").asText()) && !delta.path("text").asText("").isEmpty()) {
                        out.add(new TokenEvent.Text(delta.path("text").asText()));
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
                case "message_stop" -> out.add(new TokenEvent.End(finish, new Usage(inputTokens, outputTokens)));
                case "error" -> {
                    String errorType = data.path("error").path("type").asText("");
                    throw new WireFormat.StreamErrorEvent(errorType.equals("rate_limit_error")
                            ? ProviderException.Kind.RATE_LIMITED : ProviderException.Kind.SERVER_ERROR,
                            errorType + ": " + data.path("error").path("message").asText(""));
                }
                default -> { } // ping, content_block_start/stop and future event types carry no text
            }
        }

        @Override
        public TokenEvent.End atEndOfBody() {
            return null; // message_stop is the only proper end
        }
    }
}
