package dev.gatehouse.inference;

import dev.gatehouse.inference.placement.PlannedModel;
import dev.gatehouse.inference.placement.Placement;
import dev.gatehouse.manifest.ModelSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.locks.Condition;

/** Mutable state of one model; every field is guarded by the pool's lock. */
final class PoolEntry {
    /** Weight of the newest lease in the moving average of how long leases are held. */
    private static final double HOLD_SMOOTHING = 0.2;

    final ModelSpec spec;
    final PlannedModel planned;
    final Duration keepAlive;
    final int queueLimit;
    final Condition changed;
    ModelState state = ModelState.UNLOADED;
    /** Removed from the manifest by a reload: takes no new requests, unloads once its in-flight ones end. */
    boolean retired;
    LoadedModel model;
    /** How the model is (or is being) loaded; slots and context come from here once it is placed. */
    Placement placement;
    int slots;
    int contextLength;
    int inFlight;
    int queued;
    String lastError;
    long loadMillis = -1;
    long measuredBytes = -1;
    Instant lastUsed;
    /** When the model started holding memory (its load began), and when it stopped (null while it holds it). */
    Instant memorySince;
    Instant memoryUntil;
    /** Counted for the metrics: loads that failed, and loaded workers that died. */
    long loadFailures;
    long workerCrashes;
    private double averageHoldNanos = -1;

    PoolEntry(ModelSpec spec, PlannedModel planned, int slots, int context, Duration keepAlive, int queueLimit,
              Condition changed) {
        this.spec = spec;
        this.planned = planned;
        this.slots = slots;
        this.contextLength = context;
        this.keepAlive = keepAlive;
        this.queueLimit = queueLimit;
        this.changed = changed;
    }

    boolean pinned() {
        return spec.serving().pin();
    }

    /** Loading, loaded or draining: its memory is taken. */
    boolean holdsMemory() {
        return state == ModelState.LOADING || state == ModelState.READY || state == ModelState.DRAINING;
    }

    /** Whether a snapshot taken at {@code instant} already saw this model's memory. */
    boolean heldMemoryAt(Instant instant) {
        return memorySince != null && memorySince.isBefore(instant)
                && (memoryUntil == null || memoryUntil.isAfter(instant));
    }

    /** Loaded, unused and not pinned: may be unloaded to make room. */
    boolean evictable() {
        return state == ModelState.READY && inFlight == 0 && queued == 0 && !pinned();
    }

    /** When keep-alive unloads this model if nobody uses it, or null when it never will (or it is busy). */
    Instant keepAliveUntil() {
        if (state != ModelState.READY || inFlight > 0 || queued > 0 || pinned() || keepAlive.isNegative()
                || lastUsed == null) {
            return null;
        }
        return lastUsed.plus(keepAlive);
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
                model == null ? -1 : model.pid(), lastError, loadMillis, placement,
                placement == null ? -1 : placement.predicted().totalBytes(), measuredBytes, lastUsed,
                keepAliveUntil(), queueLimit, model == null ? null : model.runtime(), loadFailures, workerCrashes);
    }
}
