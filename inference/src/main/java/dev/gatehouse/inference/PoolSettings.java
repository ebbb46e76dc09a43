package dev.gatehouse.inference;

import dev.gatehouse.inference.placement.PlacementPolicy;
import dev.gatehouse.manifest.ServingHints;
import java.time.Duration;
import java.util.Objects;

/**
 * Limits of the model pool, validated by the server configuration before they get here.
 *
 * @param defaultSlots     parallel requests per model when the manifest does not say
 * @param maxQueue         requests that may wait for a slot of one model before new ones are refused, when the
 *                         manifest's {@code queue} does not say
 * @param maxQueueWait     longest a request waits for a slot before it is refused
 * @param defaultContext   context length per slot when the manifest does not say (capped at the trained context)
 * @param defaultKeepAlive how long an idle model stays loaded when the manifest's {@code keepAlive} does not say;
 *                         {@link ServingHints#FOREVER} keeps it
 * @param placement        VRAM/RAM reserves and sizing rules of the planner
 */
public record PoolSettings(int defaultSlots, int maxQueue, Duration maxQueueWait, int defaultContext,
                           Duration defaultKeepAlive, PlacementPolicy placement) {
    public PoolSettings {
        if (defaultSlots < 1) throw new IllegalArgumentException("defaultSlots must be >= 1, was " + defaultSlots);
        if (maxQueue < 0) throw new IllegalArgumentException("maxQueue must be >= 0, was " + maxQueue);
        if (maxQueueWait.isNegative()) throw new IllegalArgumentException("maxQueueWait must be >= 0, was " + maxQueueWait);
        if (defaultContext < 16) throw new IllegalArgumentException("defaultContext must be >= 16, was " + defaultContext);
        Objects.requireNonNull(defaultKeepAlive, "defaultKeepAlive");
        Objects.requireNonNull(placement, "placement");
    }

    /** Models stay loaded until unloaded or evicted for room; the planner's reserves are the defaults. */
    public PoolSettings(int defaultSlots, int maxQueue, Duration maxQueueWait, int defaultContext) {
        this(defaultSlots, maxQueue, maxQueueWait, defaultContext, ServingHints.FOREVER,
                PlacementPolicy.defaults(defaultSlots, defaultContext));
    }

    public static PoolSettings defaults() {
        return new PoolSettings(2, 8, Duration.ofSeconds(30), 2048);
    }

    public PoolSettings withKeepAlive(Duration keepAlive) {
        return new PoolSettings(defaultSlots, maxQueue, maxQueueWait, defaultContext, keepAlive, placement);
    }

    public PoolSettings withPlacement(PlacementPolicy policy) {
        return new PoolSettings(defaultSlots, maxQueue, maxQueueWait, defaultContext, defaultKeepAlive, policy);
    }
}
