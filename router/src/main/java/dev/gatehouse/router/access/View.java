package dev.gatehouse.router.access;

import java.util.Locale;
import java.util.Optional;

/** A read-only view that config may open to requests without a key ({@code openViews}). */
public enum View {
    /** {@code GET /v1/pool}: models, their state and memory. */
    POOL,
    /** {@code GET /v1/hardware}: CPU, memory and GPUs. */
    HARDWARE,
    /** {@code GET /metrics}: Prometheus text, costs per tenant included. */
    METRICS;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<View> fromWireName(String name) {
        for (View v : values()) if (v.wireName().equals(name)) return Optional.of(v);
        return Optional.empty();
    }
}
