package dev.gatehouse.manifest.yaml;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.manifest.Violation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Typed reads of one YAML mapping that never throw: a problem becomes a {@link Violation} at its key path and the
 * read returns null (or an empty list), so one pass over a file reports everything that is wrong with it. Every
 * configuration file of Gatehouse (models, policy, gatehouse.yaml, keys) is walked with this one type.
 */
public final class YamlNode {
    /** The most characters of a value or key a message shows. */
    public static final int MAX_SHOWN = 60;
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h)");

    private final JsonNode node;
    private final String path;
    private final List<Violation> violations;

    public YamlNode(JsonNode node, String path, List<Violation> violations) {
        this.node = node;
        this.path = path;
        this.violations = violations;
    }

    /** This mapping's key path, empty for the document root. */
    public String path() {
        return path;
    }

    public String path(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    /** Where this walk collects its violations, for readers that check across keys. */
    public List<Violation> violations() {
        return violations;
    }

    /** The raw value under key, or null; for the few shapes no typed read covers (one key with two forms). */
    public JsonNode get(String key) {
        return node.get(key);
    }

    /** The keys of this mapping in file order. */
    public List<String> keys() {
        List<String> keys = new ArrayList<>();
        node.fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    /** A violation at key under this mapping, or at this mapping itself when key is null. */
    public void violation(String key, String message) {
        violations.add(new Violation(key == null ? path : path(key), message));
    }

    public void rejectUnknownKeys(List<String> allowed) {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) violation(bounded(name), "unknown key, expected one of " + allowed);
        }
    }

    public boolean has(String key) {
        return node.hasNonNull(key);
    }

    public boolean isNumber(String key) {
        return node.hasNonNull(key) && node.get(key).isNumber();
    }

    /** A nested mapping, or null (with a violation when present but not a mapping). */
    public YamlNode mapping(String key) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) return null;
        if (!value.isObject()) {
            violation(key, "must be a mapping, was " + describe(value));
            return null;
        }
        return new YamlNode(value, path(key), violations);
    }

    /** Each element of a list of mappings; non-mappings become violations. */
    public List<YamlNode> mappings(String key) {
        JsonNode value = node.get(key);
        List<YamlNode> items = new ArrayList<>();
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
                items.add(new YamlNode(value.get(i), itemPath, violations));
            }
        }
        return items;
    }

    /** A single non-blank value as text. */
    public String string(String key) {
        String text = text(key);
        if (text != null && text.isBlank()) {
            violation(key, "must not be empty");
            return null;
        }
        return text;
    }

    /** A single value as text, blank allowed (the caller names its own rule for blank). */
    public String text(String key) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) return null;
        if (!value.isValueNode()) {
            violation(key, "must be a single value, was " + describe(value));
            return null;
        }
        return value.asText();
    }

    public Double number(String key, double min, double max) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) return null;
        return checkNumber(value, path(key), min, max);
    }

    public Integer integer(String key, int min, int max) {
        Integer value = integerValue(key);
        if (value != null && (value < min || value > max)) {
            violation(key, "must be between " + min + " and " + max + ", was " + value);
            return null;
        }
        return value;
    }

    /** An integer with only a lower bound, reported as {@code must be >= min}. */
    public Integer integer(String key, int min) {
        Integer value = integerValue(key);
        if (value != null && value < min) {
            violation(key, "must be >= " + min + ", was " + value);
            return null;
        }
        return value;
    }

    private Integer integerValue(String key) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) return null;
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            violation(key, "must be an integer, was " + describe(value));
            return null;
        }
        return value.intValue();
    }

    /** A YAML boolean; a quoted "true" is refused so that a typo cannot pass as a flag. */
    public Boolean bool(String key) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) return null;
        if (!value.isBoolean()) {
            violation(key, "must be true or false, was " + describe(value));
            return null;
        }
        return value.booleanValue();
    }

    /** A YAML boolean or the text true/false, for files whose writers quote everything (models.yaml). */
    public Boolean boolOrText(String key) {
        JsonNode value = node.get(key);
        if (value != null && value.isTextual()
                && List.of("true", "false").contains(value.asText().toLowerCase(Locale.ROOT))) {
            return Boolean.parseBoolean(value.asText());
        }
        return bool(key);
    }

    /** A duration such as 500ms, 30s, 10m or 1h. */
    public Duration duration(String key) {
        String text = string(key);
        if (text == null) return null;
        var m = DURATION.matcher(text.strip());
        if (!m.matches()) {
            violation(key, "must be a duration such as 500ms, 30s, 10m or 1h, was '" + bounded(text) + "'");
            return null;
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofHours(n);
        };
    }

    /** An enum constant by its lower-case name, '-' standing for '_' ({@code cost-first}). */
    public <E extends Enum<E>> E enumValue(String key, Class<E> type) {
        String text = string(key);
        return text == null ? null : parseEnum(text, type, path(key));
    }

    public <E extends Enum<E>> E parseEnum(String text, Class<E> type, String keyPath) {
        String wanted = text.strip().replace('-', '_');
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equalsIgnoreCase(wanted)) return constant;
        }
        List<String> names = new ArrayList<>();
        for (E constant : type.getEnumConstants()) {
            names.add(constant.name().toLowerCase(Locale.ROOT).replace('_', '-'));
        }
        violations.add(new Violation(keyPath, "must be one of " + names + ", was '" + bounded(text) + "'"));
        return null;
    }

    /**
     * One of {@code values} by its wire spelling ({@code llama.cpp}, {@code q8_0}), case-insensitive. A YAML
     * boolean is read as on/off, since YAML 1.1 parsers turn a bare {@code on} or {@code off} into one.
     */
    public <E extends Enum<E>> E wireValue(String key, E[] values, Function<E, String> wireName) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) return null;
        String text = value.isBoolean() ? (value.booleanValue() ? "on" : "off") : text(key);
        if (text == null) return null;
        for (E candidate : values) {
            if (wireName.apply(candidate).equalsIgnoreCase(text.trim())) return candidate;
        }
        violation(key, "must be one of " + Arrays.stream(values).map(wireName).toList() + ", was '"
                + bounded(value.asText()) + "'");
        return null;
    }

    /** A list of non-blank single values; a lone value is not accepted, so a typo cannot turn a list into a string. */
    public List<String> strings(String key) {
        List<String> items = new ArrayList<>();
        JsonNode value = list(key);
        if (value == null) return items;
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

    /** A list of single values (blank allowed), or null when the key is absent or not a list. */
    public List<String> values(String key) {
        JsonNode value = list(key);
        if (value == null) return null;
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

    private JsonNode list(String key) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) return null;
        if (!value.isArray()) {
            violation(key, "must be a list, was " + describe(value));
            return null;
        }
        return value;
    }

    public <E extends Enum<E>> List<E> enums(String key, Class<E> type) {
        List<E> values = new ArrayList<>();
        List<String> texts = strings(key);
        for (int i = 0; i < texts.size(); i++) {
            E e = parseEnum(texts.get(i), type, path(key) + "[" + i + "]");
            if (e != null) values.add(e);
        }
        return values;
    }

    /** A mapping of names to numbers in [min, max]. */
    public Map<String, Double> numbers(String key, double min, double max) {
        Map<String, Double> out = new LinkedHashMap<>();
        YamlNode map = mapping(key);
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

    /** The enum's names as a file spells them, in declaration order: {@code [small, medium, large]}. */
    public static <E extends Enum<E>> String names(Class<E> type) {
        return Arrays.stream(type.getEnumConstants()).map(e -> e.name().toLowerCase(Locale.ROOT))
                .collect(Collectors.joining(", ", "[", "]"));
    }

    /** The values as a file spells them, sorted: {@code [chat, embeddings]}. */
    public static String names(Collection<? extends Enum<?>> values) {
        return values.stream().map(e -> e.name().toLowerCase(Locale.ROOT)).sorted()
                .collect(Collectors.joining(", ", "[", "]"));
    }

    /**
     * A value for a message: a quoted string, a number, or the shape ("a list", "a mapping", "empty"); never more
     * than a line of someone else's input.
     */
    public static String describe(JsonNode value) {
        if (value.isArray()) return "a list";
        if (value.isObject()) return "a mapping";
        if (value.isNull()) return "empty";
        return bounded(value.isTextual() ? "'" + value.asText() + "'" : value.asText());
    }

    /** Text from the file cut to {@value #MAX_SHOWN} characters, so a message never echoes unbounded input. */
    public static String bounded(String text) {
        return text.length() > MAX_SHOWN ? text.substring(0, MAX_SHOWN) + "…" : text;
    }
}
