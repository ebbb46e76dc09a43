package dev.gatehouse.inference.provider;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.inference.FinishReason;
import dev.gatehouse.inference.TokenLogprob;
import dev.gatehouse.inference.ToolCall;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/** Reads the parts of an OpenAI choice beyond its text: logprobs and tool calls, whole or streamed in pieces. */
final class OpenAiChoiceReader {

    private OpenAiChoiceReader() {}

    static FinishReason finish(String reason) {
        return switch (reason) {
            case "length" -> FinishReason.LENGTH;
            case "tool_calls", "function_call" -> FinishReason.TOOL_CALLS;
            default -> FinishReason.STOP; // stop, content_filter
        };
    }

    /** {@code choice.logprobs.content[]}; empty when the provider sent none. */
    static List<TokenLogprob> logprobs(JsonNode choice) {
        JsonNode content = choice.path("logprobs").path("content");
        List<TokenLogprob> out = new ArrayList<>();
        for (JsonNode entry : content) {
            List<TokenLogprob.Alternative> top = new ArrayList<>();
            for (JsonNode alternative : entry.path("top_logprobs")) {
                top.add(new TokenLogprob.Alternative(token(alternative), bytes(alternative),
                        alternative.path("logprob").asDouble()));
            }
            out.add(new TokenLogprob(token(entry), bytes(entry), entry.path("logprob").asDouble(), top));
        }
        return out;
    }

    /** {@code message.tool_calls[]} of a whole answer. */
    static List<ToolCall> toolCalls(JsonNode message) {
        List<ToolCall> calls = new ArrayList<>();
        for (JsonNode call : message.path("tool_calls")) {
            JsonNode function = call.path("function");
            if (!call.path("id").isTextual() || !function.path("name").isTextual()) {
                throw new IllegalArgumentException("a tool call without id or function name");
            }
            calls.add(new ToolCall(call.path("id").asText(), function.path("name").asText(),
                    function.path("arguments").asText("")));
        }
        return calls;
    }

    private static String token(JsonNode entry) {
        return entry.path("token").asText("");
    }

    /** The provider's exact bytes when it sent them, else the token's UTF-8 encoding. */
    private static byte[] bytes(JsonNode entry) {
        JsonNode bytes = entry.path("bytes");
        if (!bytes.isArray()) {
            return token(entry).getBytes(StandardCharsets.UTF_8);
        }
        byte[] out = new byte[bytes.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) bytes.get(i).asInt();
        }
        return out;
    }

    /**
     * A streamed answer's tool calls, assembled from {@code delta.tool_calls[]} pieces: the first piece of a call
     * carries its index, id and name, later pieces (same index) append to its arguments.
     */
    static final class StreamedToolCalls {
        private final TreeMap<Integer, String[]> calls = new TreeMap<>(); // index → {id, name}
        private final TreeMap<Integer, StringBuilder> arguments = new TreeMap<>();

        void accept(JsonNode delta) {
            for (JsonNode piece : delta.path("tool_calls")) {
                int index = piece.path("index").asInt(calls.isEmpty() ? 0 : calls.lastKey());
                String[] call = calls.computeIfAbsent(index, i -> new String[2]);
                if (piece.path("id").isTextual()) call[0] = piece.path("id").asText();
                JsonNode function = piece.path("function");
                if (function.path("name").isTextual()) call[1] = function.path("name").asText();
                arguments.computeIfAbsent(index, i -> new StringBuilder())
                        .append(function.path("arguments").asText(""));
            }
        }

        /** The calls in index order; {@link IllegalArgumentException} when one never got its id or name. */
        List<ToolCall> calls() {
            List<ToolCall> out = new ArrayList<>();
            calls.forEach((index, call) -> {
                if (call[0] == null || call[1] == null) {
                    throw new IllegalArgumentException("streamed tool call " + index + " without id or name");
                }
                out.add(new ToolCall(call[0], call[1], arguments.get(index).toString()));
            });
            return out;
        }
    }
}
