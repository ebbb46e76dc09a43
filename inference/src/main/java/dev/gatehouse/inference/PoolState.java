package dev.gatehouse.inference;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What the parts of one {@link ModelPool} share: its single lock, the entries that lock guards, and whether the pool
 * has closed. The pool hands this one instance to {@link ModelLoads}, {@link SlotQueue} and {@link IdleEviction};
 * none of them keeps pool state of its own.
 */
final class PoolState {
    /** The pool's parts all log as the pool, so one logger shows a model's whole life. */
    private static final Logger LOG = Logger.getLogger(ModelPool.class.getName());

    final ReentrantLock lock = new ReentrantLock();
    /** One entry per manifest model, filled once by the pool's constructor; the entries' fields are guarded by lock. */
    final Map<String, PoolEntry> entries = new LinkedHashMap<>();
    /** Guarded by lock; once true, nothing loads and no slot is handed out. */
    boolean closed;

    /** A worker that died shows up as FAILED with its reason; the next request restarts it. Caller holds the lock. */
    void noticeDeath(PoolEntry e) {
        if (e.state == ModelState.READY && !e.model.alive()) {
            e.state = ModelState.FAILED;
            e.lastError = "model process " + e.model.pid() + " died";
            e.workerCrashes++;
            LOG.warning("model " + e.spec.id() + ": " + e.lastError);
            closeQuietly(e.model); // a dead worker closes at once: it only fails what it still had in flight
            e.model = null;
            e.changed.signalAll();
        }
    }

    static void closeQuietly(LoadedModel model) {
        if (model == null) return;
        try {
            model.close();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "closing a model failed", e);
        }
    }
}
