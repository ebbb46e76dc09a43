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

    /** The class named by a header or policy value (public, internal, confidential, restricted; any case), if any. */
    public static java.util.Optional<DataClass> fromWireName(String name) {
        if (name == null) return java.util.Optional.empty();
        for (DataClass c : values()) if (c.wireName().equals(name.strip().toLowerCase(java.util.Locale.ROOT))) return java.util.Optional.of(c);
        return java.util.Optional.empty();
    }

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
