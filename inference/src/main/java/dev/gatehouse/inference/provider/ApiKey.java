package dev.gatehouse.inference.provider;

import java.util.Objects;

/**
 * A provider's secret. Its {@code toString} never shows the value, so records holding it can be logged; only the
 * clients in this package read it.
 */
public final class ApiKey {
    private static final ApiKey NONE = new ApiKey(null);
    private final String value;

    private ApiKey(String value) {
        this.value = value;
    }

    public static ApiKey of(String value) {
        Objects.requireNonNull(value, "value");
        if (value.isBlank()) {
            throw new IllegalArgumentException("an API key must not be blank");
        }
        return new ApiKey(value);
    }

    /** No key: an endpoint inside the building (a vLLM server, another Gatehouse) that asks for none. */
    public static ApiKey none() {
        return NONE;
    }

    public boolean present() {
        return value != null;
    }

    String value() {
        return value;
    }

    @Override
    public String toString() {
        return "ApiKey[redacted]";
    }
}
