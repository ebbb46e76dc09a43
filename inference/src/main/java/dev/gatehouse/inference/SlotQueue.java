package dev.gatehouse.inference;

import dev.gatehouse.inference.InferenceException.Kind;
import java.time.Clock;
import java.time.Duration;

/**
 * The slots of each model and the bounded queue in front of them. A request that finds every slot busy waits here;
 * when the queue is full or the wait runs out it is refused with {@link Kind#OVERLOADED} and a retry hint computed
 * from how long leases have been held.
 */
final class SlotQueue {
    private final PoolState state;
    private final Duration maxWait;
    private final Clock clock;

    SlotQueue(PoolState state, Duration maxWait, Clock clock) {
        this.state = state;
        this.maxWait = maxWait;
        this.clock = clock;
    }

    /**
     * A slot of a loaded or loading model, waiting in the bounded queue; null when the model got unloaded.
     *
     * @param callerWait how long the caller may wait, or null; the pool's limit applies either way
     */
    LoadedModel take(PoolEntry entry, Duration callerWait) {
        Duration wait = callerWait == null || callerWait.compareTo(maxWait) > 0 ? maxWait : callerWait;
        state.lock.lock();
        try {
            if (entry.retired) {
                return null; // the caller sees the entry retired and says so
            }
            if (entry.state == ModelState.READY && entry.inFlight < entry.slots && entry.queued == 0) {
                entry.inFlight++;
                entry.lastUsed = clock.instant();
                return entry.model;
            }
            if (entry.queued >= entry.queueLimit) {
                throw overloaded(entry, "all " + entry.slots + " slots of " + entry.spec.id() + " are busy and "
                        + entry.queued + " requests are already waiting (queue limit " + entry.queueLimit + ")");
            }
            entry.queued++;
            try {
                long remaining = wait.toNanos();
                while (!(entry.state == ModelState.READY && entry.inFlight < entry.slots)) {
                    if (entry.state == ModelState.FAILED || state.closed) {
                        throw notReady(entry);
                    }
                    if (entry.state == ModelState.UNLOADED || entry.retired) {
                        return null;
                    }
                    if (remaining <= 0) {
                        throw overloaded(entry, "no slot of " + entry.spec.id() + " became free within "
                                + wait.toMillis() + " ms");
                    }
                    remaining = entry.changed.awaitNanos(remaining);
                }
                entry.inFlight++;
                entry.lastUsed = clock.instant();
                return entry.model;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InferenceException(Kind.CANCELLED, "interrupted while waiting for a slot");
            } finally {
                entry.queued--;
            }
        } finally {
            state.lock.unlock();
        }
    }

    /** Returns a slot; called once per lease. */
    void release(PoolEntry entry, long heldNanos) {
        state.lock.lock();
        try {
            entry.inFlight--;
            entry.recordHold(heldNanos);
            entry.lastUsed = clock.instant();
            state.noticeDeath(entry);
            entry.changed.signalAll();
        } finally {
            state.lock.unlock();
        }
    }

    private static InferenceException overloaded(PoolEntry entry, String why) {
        return new InferenceException(Kind.OVERLOADED, why, entry.retryAfter(), null);
    }

    private static InferenceException notReady(PoolEntry entry) {
        return new InferenceException(Kind.MODEL_NOT_READY, "model " + entry.spec.id() + " is " + entry.state.wireName()
                + (entry.lastError == null ? "" : ": " + entry.lastError), Duration.ofSeconds(5), null);
    }
}
