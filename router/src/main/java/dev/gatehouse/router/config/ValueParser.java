package dev.gatehouse.router.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.manifest.Violation;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** Turns YAML nodes and environment strings into typed values; a wrong type becomes a violation and null. */
final class ValueParser {

    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(B|KiB|MiB|GiB)?", Pattern.CASE_INSENSITIVE);

    private final List<Violation> violations;

    ValueParser(List<Violation> violations) {
        this.violations = violations;
    }

    String text(JsonNode node, String key) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            return fail(key, "must be a string, was " + node);
        }
        return node.asText();
    }

    Path path(JsonNode node, String key) {
        String text = text(node, key);
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

    Integer integer(JsonNode node, String key) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isIntegralNumber() && node.canConvertToInt()) {
            return node.intValue();
        }
        return fail(key, "must be an integer, was " + node);
    }

    Integer integer(String text, String key) {
        try {
            return Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            return fail(key, "must be an integer, was \"" + text + "\"");
        }
    }

    Boolean bool(JsonNode node, String key) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isBoolean()) {
            return fail(key, "must be true or false, was " + node);
        }
        return node.booleanValue();
    }

    /** A byte count: an integer, or a string such as {@code 512KiB} or {@code 2MiB}. */
    Long size(JsonNode node, String key) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            return node.longValue();
        }
        var m = node.isTextual() ? SIZE.matcher(node.asText().strip()) : null;
        if (m == null || !m.matches()) {
            return fail(key, "must be a byte count such as 1048576 or 1MiB, was " + node);
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

    Duration duration(JsonNode node, String key) {
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
        return fail(key, "must be a duration such as 500ms, 30s, 5m or 1h, was " + node);
    }

    private <T> T fail(String key, String message) {
        violations.add(new Violation(key, message));
        return null;
    }
}
