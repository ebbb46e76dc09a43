package dev.gatehouse.router.http;

import static dev.gatehouse.router.http.JsonFields.describe;
import static dev.gatehouse.router.http.JsonFields.quoted;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.inference.ChatMessage;
import dev.gatehouse.inference.ToolCall;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Validates {@code messages}: roles system/developer, user, assistant (text, and tool calls) and tool (the answer
 * to one earlier tool call). {@code name} is accepted and ignored, as most chat templates have no place for it.
 */
final class MessageParser {

    private MessageParser() {}

    static List<ChatMessage> messages(JsonNode body) {
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
        Set<String> callIds = new HashSet<>(); // the tool calls made so far, which tool turns may answer
        for (int i = 0; i < array.size(); i++) {
            ChatMessage message = message(array.get(i), "messages[" + i + "]", callIds);
            message.toolCalls().forEach(call -> callIds.add(call.id()));
            messages.add(message);
        }
        return messages;
    }

    private static ChatMessage message(JsonNode node, String param, Set<String> callIds) {
        if (!node.isObject()) {
            throw InvalidRequestException.field(param, "must be an object, was " + describe(node));
        }
        String roleName = JsonFields.requiredString(node, "role", param + ".role");
        ChatMessage.Role role = switch (roleName) {
            case "system", "developer" -> ChatMessage.Role.SYSTEM;
            case "user" -> ChatMessage.Role.USER;
            case "assistant" -> ChatMessage.Role.ASSISTANT;
            case "tool" -> ChatMessage.Role.TOOL;
            default -> throw InvalidRequestException.field(param + ".role",
                    "must be one of system, developer, user, assistant, tool, was " + quoted(roleName));
        };
        if (role != ChatMessage.Role.ASSISTANT && JsonFields.optional(node, "tool_calls") != null) {
            throw InvalidRequestException.field(param + ".tool_calls", "only assistant messages carry tool calls");
        }
        return switch (role) {
            case ASSISTANT -> assistant(node, param);
            case TOOL -> {
                String callId = JsonFields.requiredString(node, "tool_call_id", param + ".tool_call_id");
                if (!callIds.contains(callId)) {
                    throw InvalidRequestException.field(param + ".tool_call_id",
                            "must answer a tool call of an earlier assistant message, and none has this id");
                }
                yield new ChatMessage(role, content(node.get("content"), param + ".content"), List.of(), callId);
            }
            default -> new ChatMessage(role, content(node.get("content"), param + ".content"));
        };
    }

    /** Text, tool calls, or both; a turn that only calls tools has null or no content (kept as ""). */
    private static ChatMessage assistant(JsonNode node, String param) {
        List<ToolCall> calls = toolCalls(JsonFields.optional(node, "tool_calls"), param + ".tool_calls");
        JsonNode content = node.get("content");
        boolean noContent = content == null || content.isNull();
        String text = noContent && !calls.isEmpty() ? "" : content(content, param + ".content");
        return new ChatMessage(ChatMessage.Role.ASSISTANT, text, calls, null);
    }

    private static List<ToolCall> toolCalls(JsonNode array, String param) {
        if (array == null) {
            return List.of();
        }
        if (!array.isArray()) {
            throw InvalidRequestException.field(param, "must be an array, was " + describe(array));
        }
        List<ToolCall> calls = new ArrayList<>();
        for (int j = 0; j < array.size(); j++) {
            String callParam = param + "[" + j + "]";
            JsonNode call = array.get(j);
            if (!call.isObject()) {
                throw InvalidRequestException.field(callParam, "must be an object, was " + describe(call));
            }
            String id = JsonFields.requiredString(call, "id", callParam + ".id");
            String type = JsonFields.requiredString(call, "type", callParam + ".type");
            if (!type.equals("function")) {
                throw InvalidRequestException.field(callParam + ".type", "must be \"function\", was " + quoted(type));
            }
            JsonNode function = JsonFields.object(call, "function", callParam + ".function");
            if (function == null) {
                throw InvalidRequestException.field(callParam + ".function", "is required");
            }
            String name = JsonFields.requiredString(function, "name", callParam + ".function.name");
            String arguments = JsonFields.requiredString(function, "arguments", callParam + ".function.arguments");
            calls.add(new ToolCall(id, name, arguments));
        }
        return calls;
    }

    /** A string, or OpenAI's array of {@code {type: "text", text}} parts, joined by newlines. */
    static String content(JsonNode node, String param) {
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
                                + (type == null ? "missing" : quoted(type)));
            }
            texts.add(JsonFields.requiredString(part, "text", partParam + ".text"));
        }
        return String.join("\n", texts);
    }
}
