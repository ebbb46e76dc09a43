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

/** OpenAI chat completions, the format most hosted and self-hosted servers speak. */
final class OpenAiFormat implements WireFormat {

    @Override
    public String path() {
        return "chat/completions";
    }

    @Override
    public void authenticate(HttpRequest.Builder request, ApiKey key) {
        request.header("Authorization", "Bearer " + key.value());
    }

    @Override
    public byte[] body(String model, ChatRequest request, boolean stream) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("model", model);
        ArrayNode messages = root.putArray("messages");
        for (ChatMessage m : request.messages()) {
            messages.addObject().put("role", m.role().wireName()).put("content", m.content());
        }
        GenerationParams p = request.params();
        if (p.maxTokens() != null) root.put("max_tokens", p.maxTokens());
        if (p.temperature() != null) root.put("temperature", p.temperature());
        if (p.topP() != null) root.put("top_p", p.topP());
        if (p.seed() != null) root.put("seed", p.seed());
        if (!p.stop().isEmpty()) p.stop().forEach(root.putArray("stop")::add);
        if (stream) {
            root.put("stream", true);
            root.putObject("stream_options").put("include_usage", true); // real token counts at the end
        }
        try {
            return MAPPER.writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serializes", e);
        }
    }

    @Override
    public Answer answer(JsonNode body) {
        JsonNode choice = body.path("choices").path(0);
        JsonNode content = choice.path("message").path("content");
        if (!choice.isObject() || !(content.isTextual() || content.isNull())) {
            throw new IllegalArgumentException("no choices[0].message.content in the answer");
        }
        return new Answer(content.asText(""), finish(choice.path("finish_reason").asText("stop")),
                usage(body.path("usage")));
    }

    static FinishReason finish(String reason) {
        return "length".equals(reason) ? FinishReason.LENGTH : FinishReason.STOP;
    }

    private static Usage usage(JsonNode usage) {
        return new Usage(usage.path("prompt_tokens").asInt(0), usage.path("completion_tokens").asInt(0));
    }

    @Override
    public StreamTranslator translator() {
        return new Translator();
    }

    /** {@code data: {chunk}} … a chunk with {@code finish_reason}, a usage chunk, then {@code data: [DONE]}. */
    private static final class Translator implements StreamTranslator {
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
            if (!text.isEmpty()) {
                chunks++;
                out.add(new TokenEvent.Text(text));
            }
            if (choice.path("finish_reason").isTextual()) {
                finish = finish(choice.path("finish_reason").asText());
            }
        }

        @Override
        public TokenEvent.End atEndOfBody() {
            return finish == null ? null : end();
        }

        /** Servers that ignore {@code include_usage} send no counts: one token per chunk is then the best we know. */
        private TokenEvent.End end() {
            return new TokenEvent.End(finish, usage != null ? usage : new Usage(0, chunks));
        }
    }
}
