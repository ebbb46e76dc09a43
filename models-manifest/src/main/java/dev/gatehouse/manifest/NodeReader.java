package dev.gatehouse.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Typed reads of one YAML mapping that never throw: each problem becomes a {@link Violation} at its key path and the
 * read returns null, so one pass over a file reports everything that is wrong with it.
 */
final class NodeReader {
    private final ObjectNode node;
    private final String path;
    private final List<Violation> violations;

    NodeReader(ObjectNode node, String path, List<Violation> violations) {
        this.node = node;
        this.path = path;
        this.violations = violations;
    }

    String path() {
        return path;
    }

    String path(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    void violation(String key, String message) {
        violations.add(new Violation(key == null ? path : path(key), message));
    }

    void rejectUnknownKeys(List<String> allowed) {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                violation(name, "unknown key, expected one of " + allowed);
            }
        }
    }

    boolean has(String key) {
        return node.hasNonNull(key);
    }

    boolean isNumber(String key) {
        return node.hasNonNull(key) && node.get(key).isNumber();
    }

    String string(String key) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isValueNode()) {
            violation(key, "must be a single value, was " + describe(value));
            return null;
        }
        return value.asText();
    }

    Integer integer(String key, int min) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            violation(key, "must be an integer, was " + describe(value));
            return null;
        }
        if (value.intValue() < min) {
            violation(key, "must be >= " + min + ", was " + value.intValue());
            return null;
        }
        return value.intValue();
    }

    Boolean bool(String key) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isBoolean()) {
            return value.booleanValue();
        }
        if (value.isTextual() && List.of("true", "false").contains(value.asText().toLowerCase(Locale.ROOT))) {
            return Boolean.parseBoolean(value.asText());
        }
        violation(key, "must be true or false, was " + describe(value));
        return null;
    }

    <E extends Enum<E>> E enumValue(String key, Class<E> type) {
        String text = string(key);
        return text == null ? null : parseEnum(text, type, path(key), violations);
    }

    /**
     * One of {@code values} by its manifest spelling ({@code llama.cpp}, {@code q8_0}), case-insensitive. A YAML
     * boolean is read as on/off, since YAML 1.1 parsers turn a bare {@code on} or {@code off} into one.
     */
    <E extends Enum<E>> E wireValue(String key, E[] values, Function<E, String> wireName) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            return null;
        }
        String text = value.isBoolean() ? (value.booleanValue() ? "on" : "off") : string(key);
        if (text == null) {
            return null;
        }
        for (E candidate : values) {
            if (wireName.apply(candidate).equalsIgnoreCase(text.trim())) {
                return candidate;
            }
        }
        violation(key, "must be one of " + Arrays.stream(values).map(wireName).toList() + ", was '"
                + value.asText() + "'");
        return null;
    }

    /** A list of single values; a lone value is not accepted, so a typo cannot turn a list into a string. */
    List<String> stringList(String key) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isArray()) {
            violation(key, "must be a list, was " + describe(value));
            return null;
        }
        List<String> items = new ArrayList<>();
        for (int i = 0; i < value.size(); i++) {
            JsonNode item = value.get(i);
            if (item.isNull() || !item.isValueNode()) {
                violations.add(new Violation(path(key) + "[" + i + "]", "must be a single value, was "
                        + describe(item)));
            } else {
                items.add(item.asText());
            }
        }
        return items;
    }

    static <E extends Enum<E>> E parseEnum(String text, Class<E> type, String keyPath, List<Violation> violations) {
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equalsIgnoreCase(text.trim())) {
                return constant;
            }
        }
        violations.add(new Violation(keyPath, "must be one of " + names(type) + ", was '" + text + "'"));
        return null;
    }

    static <E extends Enum<E>> String names(Class<E> type) {
        return Arrays.stream(type.getEnumConstants()).map(e -> e.name().toLowerCase(Locale.ROOT))
                .collect(Collectors.joining(", ", "[", "]"));
    }

    /** The values in manifest spelling, sorted: {@code [chat, embeddings]}. */
    static String names(Collection<? extends Enum<?>> values) {
        return values.stream().map(e -> e.name().toLowerCase(Locale.ROOT)).sorted()
                .collect(Collectors.joining(", ", "[", "]"));
    }

    static String describe(JsonNode value) {
        if (value.isArray()) {
            return "a list";
        }
        if (value.isObject()) {
            return "a mapping";
        }
        if (value.isNull()) {
            return "empty";
        }
        return value.isTextual() ? "'" + value.asText() + "'" : value.asText();
    }
}
