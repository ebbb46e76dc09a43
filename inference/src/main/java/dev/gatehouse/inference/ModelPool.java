package dev.gatehouse.inference;

import dev.gatehouse.inference.InferenceException.Kind;
import dev.gatehouse.manifest.Manifest;
import dev.gatehouse.manifest.ModelSpec;
import dev.gatehouse.manifest.TaskKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Owns every loaded model and lends out its slots.
 *
 * <p>All bookkeeping (states, slots, queues) happens under one lock; loading and unloading, which take seconds and
 * call native code or start processes, happen outside it. A request that finds all slots busy waits in a bounded
 * queue; when the queue is full or the wait runs out it is refused with {@link Kind#OVERLOADED} and a retry hint
 * computed from how long leases have been held.
 */
public final class ModelPool implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ModelPool.class.getName());

    private final Manifest manifest;
    private final PoolSettings settings;
    private final ModelLoader loader;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, PoolEntry> entries = new LinkedHashMap<>();
    private boolean closed;

    public ModelPool(Manifest manifest, PoolSettings settings, ModelLoader loader) {
        this.manifest = manifest;
        this.settings = settings;
        this.loader = loader;
        for (ModelSpec spec : manifest.models()) {
            int slots = spec.slots() != null ? spec.slots() : settings.defaultSlots();
            int context = spec.context() != null ? spec.context() : settings.defaultContext();
            entries.put(spec.id(), new PoolEntry(spec, slots, context, lock.newCondition()));
        }
    }

    /** Loads the default model of each task, one after the other; a failure is recorded, not thrown. */
    public void start() {
        for (TaskKind task : TaskKind.values()) {
            manifest.defaultFor(task).ifPresent(spec -> {
                try {
                    load(spec.id());
                } catch (InferenceException e) {
                    LOG.log(Level.WARNING, "default " + task.name().toLowerCase() + " model " + spec.id()
                            + " failed to load: " + e.getMessage());
                }
            });
        }
    }

    /** The model a request names; null or {@code auto} means the manifest's default for the task. */
    public ModelSpec resolve(String name, TaskKind task) {
        if (name == null || name.isBlank() || name.equals("auto")) {
            return manifest.defaultFor(task).orElseThrow(() -> new InferenceException(Kind.MODEL_NOT_FOUND,
                    "no model in the manifest serves " + task.name().toLowerCase()));
        }
        ModelSpec spec = manifest.find(name).orElseThrow(() -> new InferenceException(Kind.MODEL_NOT_FOUND,
                "The model '" + name + "' does not exist; known models: " + knownNames()));
        if (!spec.serves(task)) {
            throw new InferenceException(Kind.WRONG_TASK, "The model '" + name + "' does not serve "
                    + task.name().toLowerCase() + "; it serves " + spec.tasks());
        }
        return spec;
    }

    public ChatLease leaseChat(ModelSpec spec) {
        PoolEntry entry = entry(spec.id());
        if (acquire(entry) instanceof ChatModel chat) {
            return new PooledChatLease(this, entry, chat);
        }
        release(entry, 0);
        throw new InferenceException(Kind.WRONG_TASK, "The model '" + spec.id() + "' is not a chat model");
    }

    public EmbeddingLease leaseEmbeddings(ModelSpec spec) {
        PoolEntry entry = entry(spec.id());
        if (acquire(entry) instanceof EmbeddingModel embeddings) {
            return new PooledEmbeddingLease(this, entry, embeddings);
        }
        release(entry, 0);
        throw new InferenceException(Kind.WRONG_TASK, "The model '" + spec.id() + "' is not an embedding model");
    }

    /** Loads a model now (blocking) unless it is already loaded; restarts it if it failed. */
    public void load(String id) {
        PoolEntry entry = entry(id);
        lock.lock();
        try {
            noticeDeath(entry);
            while (entry.state == ModelState.LOADING || entry.state == ModelState.DRAINING) {
                entry.changed.awaitUninterruptibly();
            }
            if (entry.state == ModelState.READY) {
                return;
            }
            entry.state = ModelState.LOADING;
        } finally {
            lock.unlock();
        }
        loadOutsideLock(entry);
    }

    /** Waits for in-flight requests of the model to finish, then unloads it (its memory goes with it). */
    public void unload(String id) {
        PoolEntry entry = entry(id);
        LoadedModel toClose;
        lock.lock();
        try {
            if (entry.state != ModelState.READY && entry.state != ModelState.FAILED) {
                return;
            }
            entry.state = ModelState.DRAINING;
            while (entry.inFlight > 0) {
                entry.changed.awaitUninterruptibly();
            }
            toClose = entry.model;
            entry.model = null;
        } finally {
            lock.unlock();
        }
        closeQuietly(toClose);
        lock.lock();
        try {
            entry.state = ModelState.UNLOADED;
            entry.changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    public List<ModelStatus> status() {
        lock.lock();
        try {
            List<ModelStatus> out = new ArrayList<>();
            for (PoolEntry e : entries.values()) {
                noticeDeath(e);
                out.add(e.status());
            }
            return out;
        } finally {
            lock.unlock();
        }
    }

    /** True when the default model of every task is loaded and alive. */
    public boolean ready() {
        lock.lock();
        try {
            for (TaskKind task : TaskKind.values()) {
                var spec = manifest.defaultFor(task);
                if (spec.isPresent()) {
                    PoolEntry e = entries.get(spec.get().id());
                    noticeDeath(e);
                    if (e.state != ModelState.READY) return false;
                }
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        List<LoadedModel> toClose = new ArrayList<>();
        lock.lock();
        try {
            if (closed) return;
            closed = true;
            for (PoolEntry e : entries.values()) {
                if (e.model != null) toClose.add(e.model);
                e.model = null;
                e.state = ModelState.UNLOADED;
                e.changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
        toClose.forEach(ModelPool::closeQuietly);
    }

    /** Takes a slot, loading the model first if needed; waits in the bounded queue when all slots are busy. */
    private LoadedModel acquire(PoolEntry entry) {
        boolean mustLoad = false;
        lock.lock();
        try {
            if (closed) throw new InferenceException(Kind.MODEL_NOT_READY, "the pool is shutting down");
            noticeDeath(entry);
            if (entry.state == ModelState.UNLOADED || entry.state == ModelState.FAILED) {
                entry.state = ModelState.LOADING;
                mustLoad = true;
            }
        } finally {
            lock.unlock();
        }
        if (mustLoad) {
            loadOutsideLock(entry);
        }
        lock.lock();
        try {
            if (entry.state == ModelState.READY && entry.inFlight < entry.slots && entry.queued == 0) {
                entry.inFlight++;
                return entry.model;
            }
            if (entry.queued >= settings.maxQueue()) {
                throw overloaded(entry, "all " + entry.slots + " slots of " + entry.spec.id() + " are busy and "
                        + entry.queued + " requests are already waiting (queue limit " + settings.maxQueue() + ")");
            }
            entry.queued++;
            try {
                long remaining = settings.maxQueueWait().toNanos();
                while (!(entry.state == ModelState.READY && entry.inFlight < entry.slots)) {
                    if (entry.state == ModelState.FAILED || entry.state == ModelState.UNLOADED) {
                        throw notReady(entry);
                    }
                    if (remaining <= 0) {
                        throw overloaded(entry, "no slot of " + entry.spec.id() + " became free within "
                                + settings.maxQueueWait().toMillis() + " ms");
                    }
                    remaining = entry.changed.awaitNanos(remaining);
                }
                entry.inFlight++;
                return entry.model;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InferenceException(Kind.CANCELLED, "interrupted while waiting for a slot");
            } finally {
                entry.queued--;
            }
        } finally {
            lock.unlock();
        }
    }

    /** Returns a slot; called once per lease. */
    void release(PoolEntry entry, long heldNanos) {
        lock.lock();
        try {
            entry.inFlight--;
            entry.recordHold(heldNanos);
            noticeDeath(entry);
            entry.changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void loadOutsideLock(PoolEntry entry) {
        long started = System.nanoTime();
        LoadedModel model = null;
        InferenceException failure = null;
        try {
            model = loader.load(entry.spec, entry.slots, entry.requestedContext);
        } catch (InferenceException e) {
            failure = e;
        } catch (RuntimeException e) {
            failure = new InferenceException(Kind.MODEL_NOT_READY, "loading " + entry.spec.id() + " failed: " + e, null, e);
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        lock.lock();
        try {
            entry.loadMillis = millis;
            if (closed && model != null) {
                closeQuietly(model);
                failure = new InferenceException(Kind.MODEL_NOT_READY, "the pool is shutting down");
            }
            if (failure == null) {
                entry.model = model;
                entry.contextLength = model.contextLength();
                entry.state = ModelState.READY;
                entry.lastError = null;
                LOG.info(() -> "loaded " + entry.spec.id() + " in " + millis + " ms (pid " + entry.model.pid()
                        + ", context " + entry.contextLength + ", slots " + entry.slots + ")");
            } else {
                entry.state = ModelState.FAILED;
                entry.lastError = failure.getMessage();
            }
            entry.changed.signalAll();
        } finally {
            lock.unlock();
        }
        if (failure != null) {
            throw failure.kind() == Kind.MODEL_NOT_READY ? failure
                    : new InferenceException(Kind.MODEL_NOT_READY, failure.getMessage(), Duration.ofSeconds(5), failure);
        }
    }

    /** A worker that died shows up as FAILED with its reason; the next request restarts it. Caller holds the lock. */
    private void noticeDeath(PoolEntry e) {
        if (e.state == ModelState.READY && !e.model.alive()) {
            e.state = ModelState.FAILED;
            e.lastError = "model process " + e.model.pid() + " died";
            LOG.warning("model " + e.spec.id() + ": " + e.lastError);
            closeQuietly(e.model); // a dead worker closes at once: it only fails what it still had in flight
            e.model = null;
            e.changed.signalAll();
        }
    }

    private InferenceException overloaded(PoolEntry entry, String why) {
        return new InferenceException(Kind.OVERLOADED, why, entry.retryAfter(), null);
    }

    private static InferenceException notReady(PoolEntry entry) {
        return new InferenceException(Kind.MODEL_NOT_READY, "model " + entry.spec.id() + " is " + entry.state.wireName()
                + (entry.lastError == null ? "" : ": " + entry.lastError), Duration.ofSeconds(5), null);
    }

    private PoolEntry entry(String id) {
        PoolEntry e = entries.get(id);
        if (e == null) throw new InferenceException(Kind.MODEL_NOT_FOUND, "The model '" + id + "' does not exist");
        return e;
    }

    private String knownNames() {
        return manifest.models().stream().map(ModelSpec::id).toList().toString();
    }

    private static void closeQuietly(LoadedModel model) {
        if (model == null) return;
        try {
            model.close();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "closing a model failed", e);
        }
    }
}
