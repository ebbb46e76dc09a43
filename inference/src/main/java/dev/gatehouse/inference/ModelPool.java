package dev.gatehouse.inference;

import dev.gatehouse.hardware.HardwareProbe;
import dev.gatehouse.inference.InferenceException.Kind;
import dev.gatehouse.inference.placement.PlannedModel;
import dev.gatehouse.manifest.Manifest;
import dev.gatehouse.manifest.ModelSpec;
import dev.gatehouse.manifest.TaskKind;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Owns every loaded model and lends out its slots.
 *
 * <p>All bookkeeping (states, slots, queues, memory accounting) happens under one lock; loading and unloading, which
 * take seconds and call native code or start processes, happen outside it. Where a model goes is decided by the
 * {@link dev.gatehouse.inference.placement.Planner} from a hardware snapshot; the pool corrects the snapshot for
 * loads and unloads it has not seen yet, unloads the least recently used idle models when that gets a model a
 * better placement, and never unloads a model that has requests in flight or is pinned. Time comes from a
 * {@link Clock} and memory from a {@link HardwareProbe}, so tests step both by hand.
 *
 * <p>A request that finds all slots busy waits in the model's bounded queue; when the queue is full or the wait runs
 * out it is refused with {@link Kind#OVERLOADED} and a retry hint computed from how long leases have been held.
 */
public final class ModelPool implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ModelPool.class.getName());
    /** The keep-alive timer looks at least this often, so a model loaded meanwhile is not missed for long. */
    private static final Duration KEEP_ALIVE_TICK = Duration.ofSeconds(1);

    private final Manifest manifest;
    private final PoolSettings settings;
    private final ModelLoader loader;
    private final HardwareProbe probe;
    private final Clock clock;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, PoolEntry> entries = new LinkedHashMap<>();
    private boolean closed;

    /** A pool that knows nothing about memory: every model is placed on the CPU with the default context and slots. */
    public ModelPool(Manifest manifest, PoolSettings settings, ModelLoader loader) {
        this(manifest, settings, loader, UnknownHardware.PROBE, Clock.systemUTC(), UnknownHardware::plannedModel);
    }

    /**
     * @param probe    the machine's memory now (a live probe, or a fixed snapshot in tests and plans)
     * @param clock    time for keep-alive and least-recently-used order
     * @param planning what the planner needs to know about each model (layers, trained context, memory estimate)
     */
    public ModelPool(Manifest manifest, PoolSettings settings, ModelLoader loader, HardwareProbe probe, Clock clock,
                     Function<ModelSpec, PlannedModel> planning) {
        this.manifest = manifest;
        this.settings = settings;
        this.loader = loader;
        this.probe = probe;
        this.clock = clock;
        for (ModelSpec spec : manifest.models()) {
            int slots = spec.slots() != null ? spec.slots() : settings.defaultSlots();
            int context = spec.context() != null ? spec.context() : settings.defaultContext();
            Duration keepAlive = spec.serving().keepAlive() != null ? spec.serving().keepAlive()
                    : settings.defaultKeepAlive();
            int queue = spec.serving().queue() != null ? spec.serving().queue() : settings.maxQueue();
            entries.put(spec.id(), new PoolEntry(spec, planning.apply(spec), slots, context, keepAlive, queue,
                    lock.newCondition()));
        }
    }

    /** Loads the pinned models and the default model of each task, one after the other; failures are logged. */
    public void start() {
        List<ModelSpec> toLoad = new ArrayList<>();
        manifest.models().stream().filter(m -> m.serving().pin()).forEach(toLoad::add);
        for (TaskKind task : TaskKind.values()) {
            manifest.defaultFor(task).filter(m -> !toLoad.contains(m)).ifPresent(toLoad::add);
        }
        for (ModelSpec spec : toLoad) {
            try {
                load(spec.id());
            } catch (InferenceException e) {
                LOG.log(Level.WARNING, "model " + spec.id() + " failed to load at startup: " + e.getMessage());
            }
        }
    }

    /**
     * Unloads every model whose keep-alive ran out by {@code now} and returns when to look again (the earliest
     * keep-alive deadline still ahead), or empty when no model is waiting to expire. Busy and pinned models never
     * expire.
     */
    public Optional<Instant> evictIdle(Instant now) {
        List<PoolEntry> expired = new ArrayList<>();
        Instant next = null;
        lock.lock();
        try {
            if (closed) return Optional.empty();
            for (PoolEntry e : entries.values()) {
                noticeDeath(e);
                Instant until = e.keepAliveUntil();
                if (until == null) continue;
                if (!until.isAfter(now)) {
                    expired.add(e);
                } else if (next == null || until.isBefore(next)) {
                    next = until;
                }
            }
        } finally {
            lock.unlock();
        }
        unloadIdle(expired, "keep-alive expired");
        return Optional.ofNullable(next);
    }

    /** Runs {@link #evictIdle} on the pool's clock until the pool closes; the server calls this once. */
    public Thread startKeepAliveTimer() {
        return Thread.ofPlatform().daemon().name("gatehouse-keep-alive").start(() -> {
            while (true) {
                Instant now = clock.instant();
                Instant wake = evictIdle(now).filter(t -> t.isBefore(now.plus(KEEP_ALIVE_TICK)))
                        .orElse(now.plus(KEEP_ALIVE_TICK));
                lock.lock();
                try {
                    if (closed) return;
                } finally {
                    lock.unlock();
                }
                try {
                    Thread.sleep(Duration.between(now, wake).plusMillis(1));
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
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
            entry.memoryUntil = clock.instant();
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
                    // a default model unloaded while idle loads again on its next request
                    boolean idleUnloaded = e.state == ModelState.UNLOADED && e.loadMillis >= 0 && e.lastError == null;
                    if (e.state != ModelState.READY && !idleUnloaded) return false;
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
                e.memoryUntil = clock.instant();
                e.changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
        toClose.forEach(ModelPool::closeQuietly);
    }

    /** Takes a slot, loading the model first if needed; waits in the bounded queue when all slots are busy. */
    private LoadedModel acquire(PoolEntry entry) {
        while (true) {
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
            LoadedModel model = takeSlot(entry);
            if (model != null) return model;
            // the model was unloaded (evicted for room) while this request waited: load it again
        }
    }

    /** A slot of a loaded or loading model, waiting in the bounded queue; null when the model got unloaded. */
    private LoadedModel takeSlot(PoolEntry entry) {
        lock.lock();
        try {
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
                long remaining = settings.maxQueueWait().toNanos();
                while (!(entry.state == ModelState.READY && entry.inFlight < entry.slots)) {
                    if (entry.state == ModelState.FAILED || closed) {
                        throw notReady(entry);
                    }
                    if (entry.state == ModelState.UNLOADED) {
                        return null;
                    }
                    if (remaining <= 0) {
                        throw overloaded(entry, "no slot of " + entry.spec.id() + " became free within "
                                + settings.maxQueueWait().toMillis() + " ms");
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
            lock.unlock();
        }
    }

    /** Returns a slot; called once per lease. */
    void release(PoolEntry entry, long heldNanos) {
        lock.lock();
        try {
            entry.inFlight--;
            entry.recordHold(heldNanos);
            entry.lastUsed = clock.instant();
            noticeDeath(entry);
            entry.changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Places and loads a model whose state the caller set to LOADING. When the load runs out of memory it is retried
     * once with half the context, then once more after unloading every idle model; then it fails with the figures.
     */
    private void loadOutsideLock(PoolEntry entry) {
        InferenceException failure = null;
        int context = Integer.MAX_VALUE;
        for (int attempt = 0; attempt < 3; attempt++) {
            if (attempt == 1) context = Math.max(16, entry.contextLength / 2);
            LoadDecision.Load decision = decide(entry, context, attempt == 2, failure);
            unloadIdle(decision.evict(), "making room for " + entry.spec.id());
            try {
                loadPlaced(entry, decision);
                return;
            } catch (InferenceException e) {
                failure = e;
                if (!outOfMemory(e)) break;
                LOG.warning("loading " + entry.spec.id() + " with " + decision.placement().device() + ", context "
                        + decision.placement().context() + " ran out of memory (attempt " + (attempt + 1) + " of 3): "
                        + e.getMessage());
            }
        }
        String message = outOfMemory(failure) ? "not enough memory to load " + entry.spec.id()
                + " even with a smaller context and every idle model unloaded: " + failure.getMessage()
                : failure.getMessage();
        fail(entry, message);
        throw failure.kind() == Kind.MODEL_NOT_READY && !outOfMemory(failure)
                ? failure : new InferenceException(Kind.MODEL_NOT_READY, message, Duration.ofSeconds(5), failure);
    }

    /** Under the lock: where the model goes and what to unload first; takes the memory, or fails the entry. */
    private LoadDecision.Load decide(PoolEntry entry, int contextCap, boolean evictAll, InferenceException previous) {
        lock.lock();
        try {
            PlannedModel model = contextCap == Integer.MAX_VALUE ? entry.planned : entry.planned.withContextCap(contextCap);
            switch (LoadDecision.decide(entry, model, entries.values(), probe.snapshot(), settings.placement(),
                    evictAll)) {
                case LoadDecision.NoRoom(String why) -> {
                    String message = "cannot load " + entry.spec.id() + ": " + why
                            + (previous == null ? "" : " (after: " + previous.getMessage() + ")");
                    failLocked(entry, message);
                    throw new InferenceException(Kind.MODEL_NOT_READY, message, Duration.ofSeconds(5), previous);
                }
                case LoadDecision.Load load -> {
                    entry.placement = load.placement();
                    entry.slots = load.placement().slots();
                    entry.contextLength = load.placement().context();
                    entry.memorySince = clock.instant();
                    entry.memoryUntil = null;
                    for (PoolEntry victim : load.evict()) {
                        victim.state = ModelState.DRAINING; // evictable: nothing in flight, nothing queued
                    }
                    return load;
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** Loads outside the lock, then records the result and predicted against measured memory under it. */
    private void loadPlaced(PoolEntry entry, LoadDecision.Load decision) {
        var placement = decision.placement();
        var before = probe.snapshot();
        long started = System.nanoTime();
        LoadedModel model;
        try {
            model = loader.load(entry.spec, placement);
        } catch (InferenceException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new InferenceException(Kind.MODEL_NOT_READY, "loading " + entry.spec.id() + " failed: " + e, null, e);
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        MeasuredMemory measured = MeasuredMemory.after(model, placement, before, probe.snapshot());
        lock.lock();
        try {
            entry.loadMillis = millis;
            if (closed) {
                closeQuietly(model);
                throw new InferenceException(Kind.MODEL_NOT_READY, "the pool is shutting down");
            }
            entry.model = model;
            entry.contextLength = model.contextLength();
            entry.state = ModelState.READY;
            entry.lastError = null;
            entry.measuredBytes = measured.residentBytes();
            entry.lastUsed = clock.instant();
            entry.changed.signalAll();
        } finally {
            lock.unlock();
        }
        LOG.info(() -> "loaded " + entry.spec.id() + " in " + millis + " ms (pid " + model.pid() + ", " + placement.device()
                + ", " + placement.gpuLayers() + " GPU layers, context " + model.contextLength() + ", slots "
                + placement.slots() + "): " + measured.describe(placement) + "; " + placement.why());
    }

    /** Unloads models chosen under the lock (already DRAINING, or READY and idle), outside it. */
    private void unloadIdle(List<PoolEntry> idle, String why) {
        List<LoadedModel> toClose = new ArrayList<>();
        lock.lock();
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
            lock.unlock();
        }
        toClose.forEach(ModelPool::closeQuietly);
        lock.lock();
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
            lock.unlock();
        }
    }

    private void fail(PoolEntry entry, String message) {
        lock.lock();
        try {
            failLocked(entry, message);
        } finally {
            lock.unlock();
        }
    }

    private void failLocked(PoolEntry entry, String message) {
        entry.state = ModelState.FAILED;
        entry.lastError = message;
        entry.memoryUntil = clock.instant();
        entry.changed.signalAll();
    }

    /** llama.cpp's allocation failures reach us as the worker's OUT_OF_MEMORY kind inside the message. */
    static boolean outOfMemory(InferenceException e) {
        String m = e.getMessage() == null ? "" : e.getMessage();
        return m.contains("OUT_OF_MEMORY") || m.toLowerCase(java.util.Locale.ROOT).contains("out of memory");
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
