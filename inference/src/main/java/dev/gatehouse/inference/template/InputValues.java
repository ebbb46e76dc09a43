package dev.gatehouse.inference.template;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Converts caller data into the template value model (Long, Double, String, Boolean, null, ArrayList,
 * LinkedHashMap), deep-copying so that templates that append to or pop from lists never touch the caller's objects.
 */
final class InputValues {

    private static final ObjectMapper JSON = new ObjectMapper();

    private InputValues() {
    }

    static Object normalize(Object v) {
        return normalize(v, "value");
    }

    static Object normalize(Object v, String path) {
        return switch (v) {
            case null -> null;
            case String s -> s;
            case Boolean b -> b;
            case Long l -> l;
            case Integer i -> (long) i;
            case Short s -> (long) s;
            case Byte b -> (long) b;
            case BigInteger b -> b.longValueExact();
            case Double d -> d;
            case Float f -> (double) f;
            case BigDecimal b -> b.doubleValue();
            case CharSequence s -> s.toString();
            case Enum<?> e -> e.name();
            case JsonNode node -> normalize(JSON.convertValue(node, Object.class), path);
            case Map<?, ?> m -> {
                Map<Object, Object> copy = new LinkedHashMap<>();
                m.forEach((k, val) -> copy.put(normalize(k, path), normalize(val, path + "." + k)));
                yield copy;
            }
            case Collection<?> c -> {
                List<Object> copy = new ArrayList<>(c.size());
                int i = 0;
                for (Object item : c) {
                    copy.add(normalize(item, path + "[" + i++ + "]"));
                }
                yield copy;
            }
            case Object[] array -> normalize(List.of(array), path);
            default -> throw new IllegalArgumentException(path + ": a " + v.getClass().getName()
                    + " cannot be given to a chat template (allowed: Map, List, String, Number, Boolean, null)");
        };
    }

    /**
     * Prepares OpenAI-shaped messages the way llama-server does before rendering: a missing or null content becomes
     * "", and tool-call arguments given as a JSON string become the parsed object, since most templates print them
     * with {@code tojson} or iterate them as a mapping. Arguments that are not valid JSON stay a string.
     */
    @SuppressWarnings("unchecked")
    static List<Object> messages(List<? extends Map<String, ?>> messages) {
        List<Object> out = (List<Object>) normalize(messages, "messages");
        for (int i = 0; i < out.size(); i++) {
            if (!(out.get(i) instanceof Map<?, ?> raw)) {
                throw new IllegalArgumentException("messages[" + i + "]: must be a mapping");
            }
            Map<Object, Object> message = (Map<Object, Object>) raw;
            if (message.get("content") == null) {
                message.put("content", "");
            }
            if (message.get("tool_calls") instanceof List<?> calls) {
                for (Object call : calls) {
                    if (call instanceof Map<?, ?> c && c.get("function") instanceof Map<?, ?> f
                            && f.get("arguments") instanceof String arguments) {
                        ((Map<Object, Object>) f).put("arguments", parsedOrSame(arguments));
                    }
                }
            }
        }
        return out;
    }

    private static Object parsedOrSame(String json) {
        try {
            return normalize(JSON.readValue(json, Object.class));
        } catch (JsonProcessingException e) {
            return json;
        }
    }
}
