package dev.gatehouse.inference.template;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** OpenAI-shaped conversations shared by the template tests, built as real mutable maps like a JSON reader gives. */
final class Conversations {

    static final Clock FIXED_CLOCK = Clock.fixed(Instant.parse("2025-03-07T10:15:30Z"), ZoneOffset.UTC);

    private Conversations() {
    }

    static Map<String, Object> message(String role, String content) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("role", role);
        m.put("content", content);
        return m;
    }

    static Map<String, Object> toolCall(String id, String name, String argumentsJson) {
        Map<String, Object> function = new LinkedHashMap<>();
        function.put("name", name);
        function.put("arguments", argumentsJson);
        Map<String, Object> call = new LinkedHashMap<>();
        call.put("id", id);
        call.put("type", "function");
        call.put("function", function);
        return call;
    }

    static Map<String, Object> assistantCalling(String content, Map<String, Object>... calls) {
        Map<String, Object> m = message("assistant", content);
        m.put("tool_calls", new ArrayList<>(List.of(calls)));
        return m;
    }

    static Map<String, Object> toolResult(String id, String name, String content) {
        Map<String, Object> m = message("tool", content);
        m.put("tool_call_id", id);
        m.put("name", name);
        return m;
    }

    static Map<String, Object> weatherTool() {
        Map<String, Object> city = new LinkedHashMap<>();
        city.put("type", "string");
        city.put("description", "City name");
        Map<String, Object> unit = new LinkedHashMap<>();
        unit.put("type", "string");
        unit.put("enum", List.of("celsius", "fahrenheit"));
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("city", city);
        properties.put("unit", unit);
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("type", "object");
        parameters.put("properties", properties);
        parameters.put("required", List.of("city"));
        Map<String, Object> function = new LinkedHashMap<>();
        function.put("name", "get_weather");
        function.put("description", "Current weather in a city");
        function.put("parameters", parameters);
        Map<String, Object> tool = new LinkedHashMap<>();
        tool.put("type", "function");
        tool.put("function", function);
        return tool;
    }

    /** system, user, assistant: the plain chat every template must handle. */
    static List<Map<String, Object>> plainChat() {
        return List.of(message("system", "You are terse."), message("user", "Hi"),
                message("assistant", "Hello."), message("user", "Weather?"));
    }

    /** A user question, an assistant tool call (arguments as a JSON string), its result, and the answer. */
    static List<Map<String, Object>> toolRoundTrip() {
        return List.of(message("system", "You are terse."), message("user", "Weather in Paris?"),
                assistantCalling(null, toolCall("call12345", "get_weather", "{\"city\": \"Paris\"}")),
                toolResult("call12345", "get_weather", "{\"temp\": 18}"),
                message("assistant", "18 degrees."), message("user", "Thanks"));
    }

    static ChatTemplateInput input(List<Map<String, Object>> messages) {
        return ChatTemplateInput.of(messages).withClock(FIXED_CLOCK);
    }
}
