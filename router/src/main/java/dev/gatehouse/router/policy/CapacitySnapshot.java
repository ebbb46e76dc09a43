package dev.gatehouse.router.policy;

import dev.gatehouse.router.pools.PoolReading;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * What the machine can do at one instant, and the router's memory of recent choices: the whole outside world of
 * one decision, passed in so that {@link Decider#decide} reads no clock and no pool.
 *
 * @param now     the instant of the decision (sticky choices expire against it)
 * @param targets capacity per target id; a target missing here is not available (e.g. a provider not connected)
 * @param sticky  the last target chosen per similarity bucket (hysteresis state, input here, output in the
 *                {@link Decision})
 * @param escalation provider health, budget headroom and escalation-cap state (inputs of the gates)
 * @param pools   the last capacity reading of each polled on-premises pool, by pool id; the decision judges their
 *                age against {@code now}
 */
public record CapacitySnapshot(Instant now, Map<String, TargetCapacity> targets, Map<String, StickyChoice> sticky,
        EscalationSnapshot escalation, Map<String, PoolReading> pools) {

    public CapacitySnapshot {
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(escalation, "escalation");
        targets = Map.copyOf(targets);
        sticky = Map.copyOf(sticky);
        pools = Map.copyOf(pools);
    }

    /** No polled pools. */
    public CapacitySnapshot(Instant now, Map<String, TargetCapacity> targets, Map<String, StickyChoice> sticky,
            EscalationSnapshot escalation) {
        this(now, targets, sticky, escalation, Map.of());
    }

    /** Local capacity only: no provider state (providers count as healthy, no budget or rate limit). */
    public CapacitySnapshot(Instant now, Map<String, TargetCapacity> targets, Map<String, StickyChoice> sticky) {
        this(now, targets, sticky, EscalationSnapshot.none());
    }

    /** The target a bucket went to at {@code since}. */
    public record StickyChoice(String target, Instant since) {}

    public CapacitySnapshot withSticky(Map<String, StickyChoice> newSticky) {
        return new CapacitySnapshot(now, targets, newSticky, escalation, pools);
    }

    public CapacitySnapshot with(EscalationSnapshot outbound) {
        return new CapacitySnapshot(now, targets, sticky, outbound, pools);
    }

    public CapacitySnapshot with(TargetCapacity capacity) {
        var copy = new java.util.HashMap<>(targets);
        copy.put(capacity.target(), capacity);
        return new CapacitySnapshot(now, copy, sticky, escalation, pools);
    }

    public CapacitySnapshot with(PoolReading reading) {
        var copy = new java.util.HashMap<>(pools);
        copy.put(reading.pool(), reading);
        return new CapacitySnapshot(now, targets, sticky, escalation, copy);
    }
}
