package dev.gatehouse.router.privacy;

/** How sensitive a request's data is, from least to most. Detection can raise a declared class, never lower it. */
public enum DataClass {
    PUBLIC,
    INTERNAL,
    CONFIDENTIAL,
    RESTRICTED;

    public DataClass atLeast(DataClass other) {
        return compareTo(other) >= 0 ? this : other;
    }

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
