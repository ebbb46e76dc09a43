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
        JsonNode node = optional(parent, name);
        if (node == null) {
            return null;
        }
        if (!node.isBoolean()) {
            throw InvalidRequestException.field(name, "must be true or false, was " + describe(node));
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
        JsonNode node = optional(parent, name);
        if (node == null) {
            return null;
        }
        if (!node.isNumber()) {
            throw InvalidRequestException.field(name, "must be a number, was " + describe(node));
        }
        return node.doubleValue();
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
