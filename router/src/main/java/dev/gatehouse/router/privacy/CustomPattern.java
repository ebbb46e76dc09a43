package dev.gatehouse.router.privacy;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An operator's own detector from the policy: every match of {@code regex} is a finding of {@code type} that raises the
 * data class to at least {@code dataClass}. The policy reader compiles the regex and reports a bad one with its key path.
 */
public record CustomPattern(String type, Pattern regex, DataClass dataClass) {
    public CustomPattern {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(regex, "regex");
        Objects.requireNonNull(dataClass, "dataClass");
        if (type.isBlank()) throw new IllegalArgumentException("custom pattern type is blank");
    }
}
