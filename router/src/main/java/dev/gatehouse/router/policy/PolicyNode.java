package dev.gatehouse.router.policy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.manifest.Violation;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Typed reads of one YAML mapping of the policy that never throw: a problem becomes a {@link Violation} at its key
 * path and the read returns null (or the fallback), so one pass reports everything wrong with the file.
 */
final class PolicyNode {
    final JsonNode node;
    final String path;
    final List<Violation> violations;

    PolicyNode(JsonNode node, String path, List<Violation> violations) {
        this.node = node;
        this.path = path;
        this.violations = violations;
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
            if (!allowed.contains(name)) violation(name, "unknown key, expected one of " + allowed);
        }
    }

    boolean has(String key) {
        return node.hasNonNull(key);
    }

    /** A nested mapping, or null (with a violation when present but not a mapping). */
    PolicyNode mapping(String key) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) return null;
        if (!value.isObject()) {
            violation(key, "must be a mapping, was " + describe(value));
            return null;
        }
        return new PolicyNode(value, path(key), violations);
    }

    /** Each element of a list of mappings; non-mappings become violations. */
    List<PolicyNode> mappings(String key) {
        JsonNode value = node.get(key);
        List<PolicyNode> items = new ArrayList<>();
        if (value == null || value.isNull()) return items;
        if (!value.isArray()) {
            violation(key, "must be a list, was " + describe(value));
            return items;
        }
        for (int i = 0; i < value.size(); i++) {
            String itemPath = path(key) + "[" + i + "]";
            if (!value.get(i).isObject()) {
                violations.add(new Violation(itemPath, "must be a mapping, was " + describe(value.get(i))));
            } else {
                items.add(new PolicyNode(value.get(i), itemPath, violations));
            }
        }
        return items;
    }

    String string(String key) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) return null;
        if (!value.isValueNode()) {
            violation(key, "must be a single value, was " + describe(value));
            return null;
        }
        if (value.asText().isBlank()) {
            violation(key, "must not be empty");
            return null;
        }
        return value.asText();
    }

    Double number(String key, double min, double max) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) return null;
        return checkNumber(value, path(key), min, max);
    }

    Integer integer(String key, int min, int max) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) return null;
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            violation(key, "must be an integer, was " + describe(value));
            return null;
        }
        if (value.intValue() < min || value.intValue() > max) {
            violation(key, "must be between " + min + " and " + max + ", was " + value.intValue());
            return null;
        }
        return value.intValue();
    }

    Boolean bool(String key) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) return null;
        if (!value.isBoolean()) {
            violation(key, "must be true or false, was " + describe(value));
            return null;
        }
        return value.booleanValue();
    }

    <E extends Enum<E>> E enumValue(String key, Class<E> type) {
        String text = string(key);
        return text == null ? null : parseEnum(text, type, path(key));
    }

    <E extends Enum<E>> E parseEnum(String text, Class<E> type, String keyPath) {
        String wanted = text.strip().replace('-', '_');
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equalsIgnoreCase(wanted)) return constant;
        }
        List<String> names = new ArrayList<>();
        for (E constant : type.getEnumConstants()) {
            names.add(constant.name().toLowerCase(Locale.ROOT).replace('_', '-'));
        }
        violations.add(new Violation(keyPath, "must be one of " + names + ", was '" + text + "'"));
        return null;
    }

    /** A list of single values; a lone value is not accepted, so a typo cannot turn a list into a string. */
    List<String> strings(String key) {
        JsonNode value = node.get(key);
        List<String> items = new ArrayList<>();
        if (value == null || value.isNull()) return items;
        if (!value.isArray()) {
            violation(key, "must be a list, was " + describe(value));
            return items;
        }
        for (int i = 0; i < value.size(); i++) {
            JsonNode item = value.get(i);
            if (!item.isValueNode() || item.isNull() || item.asText().isBlank()) {
                violations.add(new Violation(path(key) + "[" + i + "]", "must be a non-empty single value, was "
                        + describe(item)));
            } else {
                items.add(item.asText());
            }
        }
        return items;
    }

    <E extends Enum<E>> List<E> enums(String key, Class<E> type) {
        List<E> values = new ArrayList<>();
        List<String> texts = strings(key);
        for (int i = 0; i < texts.size(); i++) {
            E e = parseEnum(texts.get(i), type, path(key) + "[" + i + "]");
            if (e != null) values.add(e);
        }
        return values;
    }

    /** A mapping of names to numbers in [min, max]. */
    Map<String, Double> numbers(String key, double min, double max) {
        Map<String, Double> out = new LinkedHashMap<>();
        PolicyNode map = mapping(key);
        if (map == null) return out;
        for (var fields = map.node.fields(); fields.hasNext(); ) {
            var field = fields.next();
            Double v = checkNumber(field.getValue(), map.path(field.getKey()), min, max);
            if (v != null) out.put(field.getKey(), v);
        }
        return out;
    }

    private Double checkNumber(JsonNode value, String keyPath, double min, double max) {
        if (!value.isNumber()) {
            violations.add(new Violation(keyPath, "must be a number, was " + describe(value)));
            return null;
        }
        double d = value.doubleValue();
        if (d < min || d > max || Double.isNaN(d)) {
            violations.add(new Violation(keyPath, "must be between " + min + " and " + max + ", was " + d));
            return null;
        }
        return d;
    }

    static String describe(JsonNode value) {
        if (value.isArray()) return "a list";
        if (value.isObject()) return "a mapping";
        if (value.isNull()) return "empty";
        return value.isTextual() ? "'" + value.asText() + "'" : value.asText();
    }
}
