package dev.gatehouse.router.features;

import java.util.Locale;
import java.util.Optional;

/** What the client values most for one request ({@code x-gatehouse-priority}). */
public enum Priority {
    FASTEST,
    CHEAPEST,
    BALANCED,
    BEST,
    /** Balanced, but only targets that run on premises are candidates. */
    PRIVATE_ONLY;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The priority a header value names, or empty when it names none. */
    public static Optional<Priority> fromWire(String text) {
        for (Priority p : values()) {
            if (p.wireName().equalsIgnoreCase(text.strip())) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
