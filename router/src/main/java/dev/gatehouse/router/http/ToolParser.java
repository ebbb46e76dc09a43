package dev.gatehouse.router.http;

import static dev.gatehouse.router.http.JsonFields.describe;
import static dev.gatehouse.router.http.JsonFields.quoted;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.inference.ToolChoice;
import dev.gatehouse.inference.ToolDefinition;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Validates {@code tools} and {@code tool_choice}. */
final class ToolParser {

    /** OpenAI's rule for function names. */
    static final Pattern FUNCTION_NAME = Pattern.compile("[a-zA-Z0-9_-]{1,64}");
    /** OpenAI's limit on the number of tools. */
    static final int MAX_TOOLS = 128;

    private ToolParser() {}

    static List<ToolDefinition> tools(JsonNode body) {
        JsonNode array = JsonFields.optional(body, "tools");
        if (array == null) {
            return List.of();
        }
        if (!array.isArray()) {
            throw InvalidRequestException.field("tools", "must be an array, was " + describe(array));
        }
        if (array.size() > MAX_TOOLS) {
            throw InvalidRequestException.field("tools", "must have at most " + MAX_TOOLS + " tools, had "
                    + array.size());
        }
        List<ToolDefinition> tools = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < array.size(); i++) {
            ToolDefinition tool = tool(array.get(i), "tools[" + i + "]");
            Integer earlier = seen.putIfAbsent(tool.name(), i);
            if (earlier != null) {
                throw InvalidRequestException.field("tools[" + i + "].function.name",
                        "must be unique, but tools[" + earlier + "] has the same name");
            }
            tools.add(tool);
        }
        return tools;
    }

    private static ToolDefinition tool(JsonNode node, String param) {
        if (!node.isObject()) {
            throw InvalidRequestException.field(param, "must be an object, was " + describe(node));
        }
        String type = JsonFields.requiredString(node, "type", param + ".type");
        if (!type.equals("function")) {
            throw InvalidRequestException.field(param + ".type", "must be \"function\", was " + quoted(type));
        }
        JsonNode function = JsonFields.object(node, "function", param + ".function");
        if (function == null) {
            throw InvalidRequestException.field(param + ".function", "is required");
        }
        String name = JsonFields.requiredString(function, "name", param + ".function.name");
        if (!FUNCTION_NAME.matcher(name).matches()) {
            throw InvalidRequestException.field(param + ".function.name",
                    "must be 1 to 64 letters, digits, underscores or dashes, was " + quoted(name));
        }
        String description = JsonFields.string(function, "description", param + ".function.description");
        JsonNode parameters = JsonFields.object(function, "parameters", param + ".function.parameters");
        return new ToolDefinition(name, description, parameters == null ? null : text(parameters));
    }

    /**
     * {@code "auto"}, {@code "none"}, {@code "required"}, or {@code {type: "function", function: {name}}} naming one
     * of the tools. Asking for a call (required, or a named function) without tools is refused, as OpenAI does.
     */
    static ToolChoice toolChoice(JsonNode body, List<ToolDefinition> tools) {
        JsonNode node = JsonFields.optional(body, "tool_choice");
        if (node == null) {
            return ToolChoice.AUTO;
        }
        if (node.isTextual()) {
            ToolChoice choice = switch (node.asText()) {
                case "auto" -> ToolChoice.AUTO;
                case "none" -> new ToolChoice(ToolChoice.Mode.NONE, null);
                case "required" -> new ToolChoice(ToolChoice.Mode.REQUIRED, null);
                default -> throw InvalidRequestException.field("tool_choice",
                        "must be \"auto\", \"none\", \"required\" or a function object, was " + quoted(node.asText()));
            };
            if (choice.mode() == ToolChoice.Mode.REQUIRED && tools.isEmpty()) {
                throw InvalidRequestException.field("tool_choice", "\"required\" needs tools, and none were given");
            }
            return choice;
        }
        if (!node.isObject()) {
            throw InvalidRequestException.field("tool_choice", "must be a string or an object, was " + describe(node));
        }
        String type = JsonFields.requiredString(node, "type", "tool_choice.type");
        if (!type.equals("function")) {
            throw InvalidRequestException.field("tool_choice.type", "must be \"function\", was " + quoted(type));
        }
        JsonNode function = JsonFields.object(node, "function", "tool_choice.function");
        if (function == null) {
            throw InvalidRequestException.field("tool_choice.function", "is required");
        }
        String name = JsonFields.requiredString(function, "name", "tool_choice.function.name");
        if (tools.stream().noneMatch(t -> t.name().equals(name))) {
            throw InvalidRequestException.field("tool_choice.function.name", "must name one of the tools, was "
                    + quoted(name) + (tools.isEmpty() ? " and no tools were given" : ""));
        }
        return new ToolChoice(ToolChoice.Mode.FUNCTION, name);
    }

    private static String text(JsonNode parameters) {
        try {
            return OpenAiJson.MAPPER.writeValueAsString(parameters);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serializes", e);
        }
    }
}
