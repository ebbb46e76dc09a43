package dev.gatehouse.router.http;

import com.fasterxml.jackson.databind.JsonNode;

/** Typed reads of optional JSON fields; a wrong type is an {@link InvalidRequestException} naming the field. */
final class JsonFields {

    private JsonFields() {}

    /** The field, or null when it is absent or JSON null (OpenAI clients send null for "not set"). */
    static JsonNode optional(JsonNode parent, String name) {
        JsonNode node = parent.get(name);
        return node == null || node.isNull() ? null : node;
    }

    static String string(JsonNode parent, String name, String param) {
        JsonNode node = optional(parent, name);
        if (node == null) {
            return null;
        }
        if (!node.isTextual()) {
            throw InvalidRequestException.field(param, "must be a string, was " + describe(node));
        }
        return node.asText();
    }

    static Boolean bool(JsonNode parent, String name) {
        return bool(parent, name, name);
    }

    static Boolean bool(JsonNode parent, String name, String param) {
        JsonNode node = optional(parent, name);
        if (node == null) {
            return null;
        }
        if (!node.isBoolean()) {
            throw InvalidRequestException.field(param, "must be true or false, was " + describe(node));
        }
        return node.booleanValue();
    }

    static Long integer(JsonNode parent, String name) {
        JsonNode node = optional(parent, name);
        if (node == null) {
            return null;
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong()) {
            throw InvalidRequestException.field(name, "must be an integer, was " + describe(node));
        }
        return node.longValue();
    }

    static Double number(JsonNode parent, String name) {
        return number(parent, name, name);
    }

    static Double number(JsonNode parent, String name, String param) {
        JsonNode node = optional(parent, name);
        if (node == null) {
            return null;
        }
        if (!node.isNumber()) {
            throw InvalidRequestException.field(param, "must be a number, was " + describe(node));
        }
        return node.doubleValue();
    }

    /** A number that must lie in [min, max]. */
    static Double numberBetween(JsonNode parent, String name, double min, double max) {
        Double value = number(parent, name);
        if (value != null && (value < min || value > max)) {
            throw InvalidRequestException.field(name, "must be between " + plain(min) + " and " + plain(max)
                    + ", was " + value);
        }
        return value;
    }

    /** The field as an object, or null when absent; anything else names the field. */
    static JsonNode object(JsonNode parent, String name, String param) {
        JsonNode node = optional(parent, name);
        if (node != null && !node.isObject()) {
            throw InvalidRequestException.field(param, "must be an object, was " + describe(node));
        }
        return node;
    }

    /** A string field that must be present. */
    static String requiredString(JsonNode parent, String name, String param) {
        String value = string(parent, name, param);
        if (value == null) {
            throw InvalidRequestException.field(param, "is required");
        }
        return value;
    }

    /** 2.0 as "2", 0.5 as "0.5": bounds in messages read as the documentation writes them. */
    private static String plain(double bound) {
        return bound == Math.rint(bound) ? Long.toString((long) bound) : Double.toString(bound);
    }

    /** A client's short value in quotes; a long one is not echoed. */
    static String quoted(String value) {
        return value.length() <= 64 ? "\"" + value + "\"" : "a string of " + value.length() + " characters";
    }

    /** A short description of a wrong value for messages, never echoing long user text. */
    static String describe(JsonNode node) {
        return switch (node.getNodeType()) {
            case STRING -> "a string";
            case NUMBER -> node.isIntegralNumber() ? "the integer " + node.asText() : "the number " + node.asText();
            case BOOLEAN -> node.asText();
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case NULL -> "null";
            default -> node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
        };
    }
}
