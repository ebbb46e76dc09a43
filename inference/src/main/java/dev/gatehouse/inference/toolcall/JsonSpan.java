package dev.gatehouse.inference.toolcall;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Optional;

/** Finding and reading one JSON value embedded in generated text. */
final class JsonSpan {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private JsonSpan() {
    }

    /**
     * End (exclusive) of the JSON object or array starting at {@code start}, found by bracket balance outside
     * strings; -1 when the text ends first (the value is incomplete).
     */
    static int end(String text, int start) {
        int depth = 0;
        boolean inString = false;
        for (int i = start; i < text.length(); i++) {
            char c = text.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '{' || c == '[') {
                depth++;
            } else if (c == '}' || c == ']') {
                depth--;
                if (depth == 0) {
                    return i + 1;
                }
            }
        }
        return -1;
    }

    static Optional<JsonNode> parse(String json) {
        try {
            return Optional.ofNullable(JSON.readTree(json)).filter(n -> !n.isMissingNode());
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }

    /**
     * The {@code name} and arguments of one call object; arguments come from {@code arguments} or {@code parameters}
     * and may themselves be a JSON string, which is unwrapped. Empty when the object does not describe a call.
     */
    static Optional<NamedArguments> call(JsonNode node) {
        if (node == null || !node.isObject() || !node.path("name").isTextual()) {
            return Optional.empty();
        }
        JsonNode args = node.has("arguments") ? node.get("arguments") : node.get("parameters");
        if (args == null || args.isNull()) {
            return Optional.of(new NamedArguments(node.get("name").asText(), "{}"));
        }
        if (args.isTextual()) {
            Optional<JsonNode> inner = parse(args.asText()).filter(JsonNode::isObject);
            if (inner.isEmpty()) {
                return Optional.empty();
            }
            args = inner.get();
        }
        if (!args.isObject()) {
            return Optional.empty();
        }
        return Optional.of(new NamedArguments(node.get("name").asText(), args.toString()));
    }

    /** Compact JSON text of an object, or empty when the text is not one JSON object. */
    static Optional<String> object(String json) {
        return parse(json.strip()).filter(JsonNode::isObject).map(JsonNode::toString);
    }

    record NamedArguments(String name, String arguments) { }
}
