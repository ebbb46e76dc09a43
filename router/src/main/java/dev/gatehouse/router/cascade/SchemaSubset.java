package dev.gatehouse.router.cascade;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/**
 * The part of JSON Schema that structured-output requests use in practice: {@code type} (one or a list),
 * {@code required}, {@code properties}, {@code additionalProperties: false}, {@code items}, {@code enum}. Other
 * keywords are ignored (accepted), which errs on the side of the local answer.
 */
final class SchemaSubset {
    private SchemaSubset() {}

    /** The first violation, located by a JSON path such as {@code $.items[2].name}, or empty. */
    static Optional<String> violation(JsonNode schema, JsonNode value, String path) {
        if (!schema.isObject()) {
            return Optional.empty();
        }
        JsonNode type = schema.get("type");
        if (type != null && !matchesType(type, value)) {
            return Optional.of(path + " must be " + type + ", was " + kind(value));
        }
        JsonNode allowed = schema.get("enum");
        if (allowed != null && allowed.isArray()) {
            boolean found = false;
            for (JsonNode option : allowed) found |= option.equals(value);
            if (!found) return Optional.of(path + " must be one of " + allowed + ", was " + value);
        }
        if (value.isObject()) {
            JsonNode required = schema.path("required");
            for (JsonNode name : required) {
                if (!value.has(name.asText())) return Optional.of(path + " is missing required property '" + name.asText() + "'");
            }
            JsonNode properties = schema.path("properties");
            for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                JsonNode sub = properties.get(field.getKey());
                if (sub != null) {
                    Optional<String> v = violation(sub, field.getValue(), path + "." + field.getKey());
                    if (v.isPresent()) return v;
                } else if (schema.path("additionalProperties").isBoolean()
                        && !schema.path("additionalProperties").booleanValue()) {
                    return Optional.of(path + " has property '" + field.getKey() + "' the schema does not allow");
                }
            }
        }
        if (value.isArray() && schema.has("items")) {
            for (int i = 0; i < value.size(); i++) {
                Optional<String> v = violation(schema.get("items"), value.get(i), path + "[" + i + "]");
                if (v.isPresent()) return v;
            }
        }
        return Optional.empty();
    }

    private static boolean matchesType(JsonNode type, JsonNode value) {
        if (type.isArray()) {
            for (JsonNode t : type) if (matchesType(t, value)) return true;
            return false;
        }
        return switch (type.asText()) {
            case "object" -> value.isObject();
            case "array" -> value.isArray();
            case "string" -> value.isTextual();
            case "integer" -> value.isIntegralNumber() || (value.isNumber() && value.decimalValue().stripTrailingZeros().scale() <= 0);
            case "number" -> value.isNumber();
            case "boolean" -> value.isBoolean();
            case "null" -> value.isNull();
            default -> true;
        };
    }

    private static String kind(JsonNode value) {
        if (value.isObject()) return "an object";
        if (value.isArray()) return "an array";
        if (value.isTextual()) return "a string";
        if (value.isIntegralNumber()) return "an integer";
        if (value.isNumber()) return "a number";
        if (value.isBoolean()) return "a boolean";
        return "null";
    }
}
