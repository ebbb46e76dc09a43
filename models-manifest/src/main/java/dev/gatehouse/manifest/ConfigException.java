package dev.gatehouse.manifest;

import java.util.List;
import java.util.stream.Collectors;

/** A configuration file broke one or more rules; carries every violation, not just the first. */
public final class ConfigException extends RuntimeException {
    private final String source;
    private final List<Violation> violations;

    public ConfigException(String source, List<Violation> violations) {
        super(source + " is invalid:\n" + violations.stream().map(v -> "  " + v).collect(Collectors.joining("\n")));
        this.source = source;
        this.violations = List.copyOf(violations);
    }

    public String source() {
        return source;
    }

    public List<Violation> violations() {
        return violations;
    }
}
