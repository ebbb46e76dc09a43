package dev.gatehouse.inference;

import java.time.Duration;

/**
 * Limits of the model pool, validated by the server configuration before they get here.
 *
 * @param defaultSlots   parallel requests per model when the manifest does not say
 * @param maxQueue       requests that may wait for a slot of one model before new ones are refused
 * @param maxQueueWait   longest a request waits for a slot before it is refused
 * @param defaultContext context length per slot when the manifest does not say (capped at the trained context)
 */
public record PoolSettings(int defaultSlots, int maxQueue, Duration maxQueueWait, int defaultContext) {
    public PoolSettings {
        if (defaultSlots < 1) throw new IllegalArgumentException("defaultSlots must be >= 1, was " + defaultSlots);
        if (maxQueue < 0) throw new IllegalArgumentException("maxQueue must be >= 0, was " + maxQueue);
        if (maxQueueWait.isNegative()) throw new IllegalArgumentException("maxQueueWait must be >= 0, was " + maxQueueWait);
        if (defaultContext < 16) throw new IllegalArgumentException("defaultContext must be >= 16, was " + defaultContext);
    }

    public static PoolSettings defaults() {
        return new PoolSettings(2, 8, Duration.ofSeconds(30), 2048);
    }
}
