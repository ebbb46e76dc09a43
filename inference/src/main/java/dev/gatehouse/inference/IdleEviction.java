package dev.gatehouse.inference;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Unloads idle models: those whose keep-alive ran out, and those a load chose to make room. Which models go is
 * decided under the pool's lock; closing them happens outside it.
 */
final class IdleEviction {
    private static final Logger LOG = Logger.getLogger(ModelPool.class.getName());
    /** The keep-alive timer looks at least this often, so a model loaded meanwhile is not missed for long. */
    private static final Duration KEEP_ALIVE_TICK = Duration.ofSeconds(1);

    private final PoolState state;
    private final Clock clock;

    IdleEviction(PoolState state, Clock clock) {
        this.state = state;
        this.clock = clock;
    }

    /** See {@link ModelPool#evictIdle(Instant)}. */
    Optional<Instant> evictIdle(Instant now) {
        List<PoolEntry> expired = new ArrayList<>();
        Instant next = null;
        state.lock.lock();
        try {
            if (state.closed) return Optional.empty();
            for (PoolEntry e : state.entries.values()) {
                state.noticeDeath(e);
                Instant until = e.keepAliveUntil();
                if (until == null) continue;
                if (!until.isAfter(now)) {
                    expired.add(e);
                } else if (next == null || until.isBefore(next)) {
                    next = until;
                }
            }
        } finally {
            state.lock.unlock();
        }
        unload(expired, "keep-alive expired");
        return Optional.ofNullable(next);
    }

    /** See {@link ModelPool#startKeepAliveTimer()}. */
    Thread startKeepAliveTimer() {
        return Thread.ofPlatform().daemon().name("gatehouse-keep-alive").start(() -> {
            while (true) {
                Instant now = clock.instant();
                Instant wake = evictIdle(now).filter(t -> t.isBefore(now.plus(KEEP_ALIVE_TICK)))
                        .orElse(now.plus(KEEP_ALIVE_TICK));
                state.lock.lock();
                try {
                    if (state.closed) return;
                } finally {
                    state.lock.unlock();
                }
                try {
                    Thread.sleep(Duration.between(now, wake).plusMillis(1));
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
    }

    /** Unloads models chosen under the lock (already DRAINING, or READY and idle), outside it. */
    void unload(List<PoolEntry> idle, String why) {
        List<LoadedModel> toClose = new ArrayList<>();
        state.lock.lock();
        try {
            for (PoolEntry e : idle) {
                if (e.model == null) continue;
                if (e.inFlight > 0 || e.queued > 0) { // a request came for it meanwhile: it stays
                    e.state = ModelState.READY;
                    e.changed.signalAll();
                    continue;
                }
                e.state = ModelState.DRAINING;
                toClose.add(e.model);
                e.model = null;
            }
        } finally {
            state.lock.unlock();
        }
        toClose.forEach(PoolState::closeQuietly);
        state.lock.lock();
        try {
            Instant now = clock.instant();
            for (PoolEntry e : idle) {
                if (e.state != ModelState.DRAINING || e.model != null) continue;
                e.state = ModelState.UNLOADED;
                e.memoryUntil = now;
                e.changed.signalAll();
                LOG.info("unloaded " + e.spec.id() + " (" + why + ")");
            }
        } finally {
            state.lock.unlock();
        }
    }
}
