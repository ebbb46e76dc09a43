package dev.gatehouse.manifest;

/**
 * One broken rule in a configuration file, located by its key path.
 *
 * @param key     path of the offending key, e.g. {@code models[2].slots}
 * @param message the rule and the value, e.g. {@code must be >= 1, was 0}
 */
public record Violation(String key, String message) {
    @Override
    public String toString() {
        return key + ": " + message;
    }
}
