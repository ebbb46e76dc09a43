package dev.gatehouse.router.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.manifest.Violation;
import dev.gatehouse.manifest.yaml.YamlNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The value types only gatehouse.yaml has (paths, byte counts, ISO or short durations) and environment strings; the
 * shared types come from {@link YamlNode}. A wrong type becomes a violation and null.
 */
final class ValueParser {

    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(B|KiB|MiB|GiB)?", Pattern.CASE_INSENSITIVE);

    private final List<Violation> violations;

    ValueParser(List<Violation> violations) {
        this.violations = violations;
    }

    /** Text only: a number or boolean where a name or path belongs is a mistake, not something to convert. */
    String text(YamlNode owner, String key) {
        JsonNode node = owner.get(key);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            return fail(owner.path(key), "must be a string, was " + YamlNode.describe(node));
        }
        return node.asText();
    }

    Path path(YamlNode owner, String key) {
        String text = text(owner, key);
        key = owner.path(key);
        if (text == null) {
            return null;
        }
        if (text.isBlank()) {
            return fail(key, "must not be empty");
        }
        try {
            return Path.of(text);
        } catch (java.nio.file.InvalidPathException e) {
            // found by ConfigFilesFuzzTest: a NUL in a path escaped as an exception instead of a violation
            return fail(key, "is not a usable file path (it holds a character the file system refuses)");
        }
    }

    Integer integer(String text, String key) {
        try {
            return Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            return fail(key, "must be an integer, was \"" + text + "\"");
        }
    }

    /** A byte count: an integer, or a string such as {@code 512KiB} or {@code 2MiB}. */
    Long size(YamlNode owner, String key) {
        JsonNode node = owner.get(key);
        key = owner.path(key);
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            return node.longValue();
        }
        var m = node.isTextual() ? SIZE.matcher(node.asText().strip()) : null;
        if (m == null || !m.matches()) {
            return fail(key, "must be a byte count such as 1048576 or 1MiB, was " + YamlNode.describe(node));
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "b" : m.group(2).toLowerCase(Locale.ROOT);
        return switch (unit) {
            case "kib" -> n * 1024;
            case "mib" -> n * 1024 * 1024;
            case "gib" -> n * 1024 * 1024 * 1024;
            default -> n;
        };
    }

    Duration duration(YamlNode owner, String key) {
        JsonNode node = owner.get(key);
        key = owner.path(key);
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isTextual()) {
            try {
                return ConfigReader.parseDuration(node.asText());
            } catch (RuntimeException e) {
                // falls through to the violation below
            }
        }
        return fail(key, "must be a duration such as 500ms, 30s, 5m or 1h, was " + YamlNode.describe(node));
    }

    private <T> T fail(String key, String message) {
        violations.add(new Violation(key, message));
        return null;
    }
}
