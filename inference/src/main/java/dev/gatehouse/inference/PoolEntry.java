package dev.gatehouse.inference;

import dev.gatehouse.manifest.ModelSpec;
import java.time.Duration;
import java.util.concurrent.locks.Condition;

/** Mutable state of one model; every field is guarded by the pool's lock. */
final class PoolEntry {
    /** Weight of the newest lease in the moving average of how long leases are held. */
    private static final double HOLD_SMOOTHING = 0.2;

    final ModelSpec spec;
    final int slots;
    final int requestedContext;
    final Condition changed;
    ModelState state = ModelState.UNLOADED;
    LoadedModel model;
    int contextLength;
    int inFlight;
    int queued;
    String lastError;
    long loadMillis = -1;
    private double averageHoldNanos = -1;

    PoolEntry(ModelSpec spec, int slots, int requestedContext, Condition changed) {
        this.spec = spec;
        this.slots = slots;
        this.requestedContext = requestedContext;
        this.contextLength = requestedContext;
        this.changed = changed;
    }

    void recordHold(long nanos) {
        averageHoldNanos = averageHoldNanos < 0 ? nanos : HOLD_SMOOTHING * nanos + (1 - HOLD_SMOOTHING) * averageHoldNanos;
    }

    /**
     * When a refused request should come back: the waiting requests ahead of it, served {@code slots} at a time,
     * each taking as long as leases have taken so far. At least one second, since Retry-After counts in seconds.
     */
    Duration retryAfter() {
        if (averageHoldNanos < 0) return Duration.ofSeconds(1);
        double waves = Math.ceil((queued + 1) / (double) slots);
        long seconds = (long) Math.ceil(waves * averageHoldNanos / 1e9);
        return Duration.ofSeconds(Math.max(1, seconds));
    }

    ModelStatus status() {
        return new ModelStatus(spec, state, contextLength, slots, inFlight, queued,
                model == null ? -1 : model.pid(), lastError, loadMillis);
    }
}
