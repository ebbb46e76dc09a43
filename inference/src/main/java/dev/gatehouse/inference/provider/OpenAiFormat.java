package dev.gatehouse.inference.provider;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.inference.ChatRequest;
import dev.gatehouse.inference.FinishReason;
import dev.gatehouse.inference.ResponseFormat;
import dev.gatehouse.inference.TokenEvent;
import dev.gatehouse.inference.TokenLogprob;
import dev.gatehouse.inference.Usage;
import java.util.List;
import java.util.Map;

/**
 * OpenAI chat completions, the format most hosted and self-hosted servers speak. Tools, tool choice, tool turns,
 * logprobs, response formats, penalties, logit bias and seed go through as sent; tool calls and logprobs come back,
 * streamed and not.
 */
final class OpenAiFormat implements WireFormat {

    @Override
    public String path() {
        return "chat/completions";
    }

    @Override
    public Map<String, String> authHeaders(ApiKey key) {
        return Map.of("Authorization", "Bearer " + key.value());
    }

    /** Only a schema that reached us already compiled (no JSON schema to send) cannot be carried. */
    @Override
    public List<String> unsupported(ChatRequest request, ProviderOptions options) {
        boolean compiledSchemaOnly = options.responseFormat() == null
                && request.params().responseFormat().type() == ResponseFormat.Type.JSON_SCHEMA;
        return compiledSchemaOnly ? List.of("response_format") : List.of();
    }

    @Override
    public byte[] body(String model, ChatRequest request, ProviderOptions options, boolean stream) {
        return WireFormat.serialize(OpenAiRequestBody.of(model, request, options, stream));
    }

    @Override
    public Answer answer(JsonNode body) {
        JsonNode choice = body.path("choices").path(0);
        JsonNode message = choice.path("message");
        JsonNode content = message.path("content");
        if (!choice.isObject() || !(content.isTextual() || content.isNull() || content.isMissingNode())) {
            throw new IllegalArgumentException("no choices[0].message.content in the answer");
        }
        var toolCalls = OpenAiChoiceReader.toolCalls(message);
        if (!content.isTextual() && toolCalls.isEmpty()) {
            throw new IllegalArgumentException("choices[0].message has neither content nor tool_calls");
        }
        return new Answer(content.asText(""), OpenAiChoiceReader.finish(choice.path("finish_reason").asText("stop")),
                usage(body.path("usage")), OpenAiChoiceReader.logprobs(choice), toolCalls);
    }

    private static Usage usage(JsonNode usage) {
        return new Usage(usage.path("prompt_tokens").asInt(0), usage.path("completion_tokens").asInt(0));
    }

    @Override
    public StreamTranslator translator() {
        return new Translator();
    }

    /**
     * {@code data: {chunk}} … a chunk with {@code finish_reason}, a usage chunk, then {@code data: [DONE]}. Tool calls
     * arrive in pieces across chunks and are handed out whole with the end.
     */
    private static final class Translator implements StreamTranslator {
        private final OpenAiChoiceReader.StreamedToolCalls toolCalls = new OpenAiChoiceReader.StreamedToolCalls();
        private FinishReason finish;
        private Usage usage;
        private int chunks;

        @Override
        public void accept(SseEvent event, List<TokenEvent> out) {
            if (event.data().equals("[DONE]")) {
                if (finish == null) {
                    throw new IllegalArgumentException("[DONE] before any finish_reason");
                }
                out.add(end());
                return;
            }
            JsonNode chunk;
            try {
                chunk = MAPPER.readTree(event.data());
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("a stream event is not JSON");
            }
            if (chunk.has("error")) {
                String type = chunk.path("error").path("type").asText("");
                String message = type + ": " + chunk.path("error").path("message").asText("error event");
                boolean rateLimited = type.contains("rate_limit");
                throw new WireFormat.StreamErrorEvent(rateLimited ? ProviderException.Kind.RATE_LIMITED
                        : ProviderException.Kind.SERVER_ERROR, message);
            }
            if (chunk.path("usage").isObject()) {
                usage = usage(chunk.path("usage"));
            }
            JsonNode choice = chunk.path("choices").path(0);
            String text = choice.path("delta").path("content").asText("");
            List<TokenLogprob> logprobs = OpenAiChoiceReader.logprobs(choice);
            if (!text.isEmpty() || !logprobs.isEmpty()) {
                chunks++;
                out.add(new TokenEvent.Text(text, logprobs));
            }
            toolCalls.accept(choice.path("delta"));
            if (choice.path("finish_reason").isTextual()) {
                finish = OpenAiChoiceReader.finish(choice.path("finish_reason").asText());
            }
        }

        @Override
        public TokenEvent.End atEndOfBody() {
            return finish == null ? null : end();
        }

        /** Servers that ignore {@code include_usage} send no counts: one token per chunk is then the best we know. */
        private TokenEvent.End end() {
            return new TokenEvent.End(finish, usage != null ? usage : new Usage(0, chunks), toolCalls.calls());
        }
    }
}
