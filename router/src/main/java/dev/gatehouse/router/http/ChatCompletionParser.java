package dev.gatehouse.router.http;

import static dev.gatehouse.router.http.JsonFields.describe;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.inference.ChatMessage;
import java.util.ArrayList;
import java.util.List;

/**
 * Validates the body of {@code POST /v1/chat/completions} into a {@link ChatCompletionRequest}. Every rule names
 * its field; unknown top-level fields are ignored because OpenAI clients send many we do not use.
 */
final class ChatCompletionParser {

    static final int MAX_STOP_STRINGS = 4;

    private ChatCompletionParser() {}

    static ChatCompletionRequest parse(JsonNode body) {
        if (!body.isObject()) {
            throw InvalidRequestException.field("(body)", "must be a JSON object, was " + describe(body));
        }
        String model = JsonFields.string(body, "model", "model");
        List<ChatMessage> messages = messages(body);
        boolean stream = Boolean.TRUE.equals(JsonFields.bool(body, "stream"));
        boolean includeUsage = includeUsage(body);
        Integer maxTokens = maxTokens(body);
        Double temperature = JsonFields.number(body, "temperature");
        if (temperature != null && (temperature < 0 || temperature > 2)) {
            throw InvalidRequestException.field("temperature", "must be between 0 and 2, was " + temperature);
        }
        Double topP = JsonFields.number(body, "top_p");
        if (topP != null && (topP <= 0 || topP > 1)) {
            throw InvalidRequestException.field("top_p", "must be greater than 0 and at most 1, was " + topP);
        }
        Long seed = JsonFields.integer(body, "seed");
        Long n = JsonFields.integer(body, "n");
        if (n != null && n != 1) {
            throw InvalidRequestException.field("n", "only 1 choice per request is supported, was " + n);
        }
        JsonFields.string(body, "user", "user");
        return new ChatCompletionRequest(model, messages, stream, includeUsage, maxTokens, temperature, topP, seed,
                stop(body), structuredOutput(body), toolsRequested(body));
    }

    private static List<ChatMessage> messages(JsonNode body) {
        JsonNode array = JsonFields.optional(body, "messages");
        if (array == null) {
            throw InvalidRequestException.field("messages", "is required");
        }
        if (!array.isArray()) {
            throw InvalidRequestException.field("messages", "must be an array, was " + describe(array));
        }
        if (array.isEmpty()) {
            throw InvalidRequestException.field("messages", "must contain at least one message");
        }
        List<ChatMessage> messages = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            messages.add(message(array.get(i), "messages[" + i + "]"));
        }
        return messages;
    }

    private static ChatMessage message(JsonNode node, String param) {
        if (!node.isObject()) {
            throw InvalidRequestException.field(param, "must be an object, was " + describe(node));
        }
        String roleName = JsonFields.string(node, "role", param + ".role");
        if (roleName == null) {
            throw InvalidRequestException.field(param + ".role", "is required");
        }
        ChatMessage.Role role = switch (roleName) {
            case "system", "developer" -> ChatMessage.Role.SYSTEM;
            case "user" -> ChatMessage.Role.USER;
            case "assistant" -> ChatMessage.Role.ASSISTANT;
            default -> throw InvalidRequestException.field(param + ".role",
                    "must be one of system, user, assistant, was \"" + roleName + "\"");
        };
        return new ChatMessage(role, content(node.get("content"), param + ".content"));
    }

    /** A string, or OpenAI's array of {@code {type: "text", text}} parts, joined by newlines. */
    private static String content(JsonNode node, String param) {
        if (node == null || node.isNull()) {
            throw InvalidRequestException.field(param, "is required");
        }
        if (node.isTextual()) {
            return node.asText();
        }
        if (!node.isArray()) {
            throw InvalidRequestException.field(param, "must be a string, was " + describe(node));
        }
        List<String> texts = new ArrayList<>();
        for (int j = 0; j < node.size(); j++) {
            JsonNode part = node.get(j);
            String partParam = param + "[" + j + "]";
            if (!part.isObject()) {
                throw InvalidRequestException.field(partParam, "must be an object, was " + describe(part));
            }
            String type = JsonFields.string(part, "type", partParam + ".type");
            if (!"text".equals(type)) {
                throw InvalidRequestException.field(partParam + ".type",
                        "must be \"text\" (this server accepts text only), was "
                                + (type == null ? "missing" : "\"" + type + "\""));
            }
            String text = JsonFields.string(part, "text", partParam + ".text");
            if (text == null) {
                throw InvalidRequestException.field(partParam + ".text", "is required");
            }
            texts.add(text);
        }
        return String.join("\n", texts);
    }

    private static boolean includeUsage(JsonNode body) {
        JsonNode options = JsonFields.optional(body, "stream_options");
        if (options == null) {
            return false;
        }
        if (!options.isObject()) {
            throw InvalidRequestException.field("stream_options", "must be an object, was " + describe(options));
        }
        JsonNode include = JsonFields.optional(options, "include_usage");
        if (include != null && !include.isBoolean()) {
            throw InvalidRequestException.field("stream_options.include_usage",
                    "must be true or false, was " + describe(include));
        }
        return include != null && include.booleanValue();
    }

    /** {@code max_tokens}, or its newer name {@code max_completion_tokens}. */
    private static Integer maxTokens(JsonNode body) {
        String name = JsonFields.optional(body, "max_tokens") != null ? "max_tokens" : "max_completion_tokens";
        Long value = JsonFields.integer(body, name);
        if (value == null) {
            return null;
        }
        if (value < 1 || value > Integer.MAX_VALUE) {
            throw InvalidRequestException.field(name, "must be at least 1, was " + value);
        }
        return value.intValue();
    }

    private static boolean structuredOutput(JsonNode body) {
        JsonNode format = JsonFields.optional(body, "response_format");
        if (format == null) {
            return false;
        }
        if (!format.isObject()) {
            throw InvalidRequestException.field("response_format", "must be an object, was " + describe(format));
        }
        String type = JsonFields.string(format, "type", "response_format.type");
        if (type == null || !List.of("text", "json_object", "json_schema").contains(type)) {
            throw InvalidRequestException.field("response_format.type",
                    "must be one of text, json_object, json_schema, was " + (type == null ? "missing" : "\"" + type + "\""));
        }
        return !type.equals("text");
    }

    private static boolean toolsRequested(JsonNode body) {
        JsonNode tools = JsonFields.optional(body, "tools");
        if (tools == null) {
            return false;
        }
        if (!tools.isArray()) {
            throw InvalidRequestException.field("tools", "must be an array, was " + describe(tools));
        }
        return !tools.isEmpty();
    }

    private static List<String> stop(JsonNode body) {
        JsonNode node = JsonFields.optional(body, "stop");
        if (node == null) {
            return List.of();
        }
        if (node.isTextual()) {
            return List.of(node.asText());
        }
        if (!node.isArray()) {
            throw InvalidRequestException.field("stop", "must be a string or an array of strings, was "
                    + describe(node));
        }
        if (node.size() > MAX_STOP_STRINGS) {
            throw InvalidRequestException.field("stop",
                    "must have at most " + MAX_STOP_STRINGS + " strings, had " + node.size());
        }
        List<String> stop = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            if (!node.get(i).isTextual()) {
                throw InvalidRequestException.field("stop[" + i + "]", "must be a string, was "
                        + describe(node.get(i)));
            }
            stop.add(node.get(i).asText());
        }
        return stop;
    }
}
