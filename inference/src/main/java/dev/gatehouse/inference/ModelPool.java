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
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
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
 *
 * <p>The pool is the public face; its parts share its one lock and entries ({@link PoolState}): {@link ModelLoads}
 * places and loads a model, {@link SlotQueue} hands out slots and queues requests for them, {@link IdleEviction}
 * unloads idle models whose keep-alive ran out or that a load needs the room of.
 */
public final class ModelPool implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ModelPool.class.getName());

    /** Replaced whole by {@link #replaceManifest}; every read takes the current one. */
    private volatile Manifest manifest;
    private final PoolSettings settings;
    private final Function<ModelSpec, PlannedModel> planning;
    private final Clock clock;
    /** The one lock and the entries it guards, shared with the parts below. */
    private final PoolState state = new PoolState();
    /** Entries a reload took out of service, until {@link #retire} has unloaded them; guarded by the state's lock. */
    private final java.util.Map<String, PoolEntry> retiring = new java.util.HashMap<>();
    private final IdleEviction eviction;
    private final ModelLoads loads;
    private final SlotQueue slotQueue;

    /** A pool that knows nothing about memory: every model is placed on the CPU with the default context and slots. */
    private final ModelLoader loader;

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
        this.planning = planning;
        this.clock = clock;
        this.eviction = new IdleEviction(state, clock);
        this.loads = new ModelLoads(state, loader, probe, settings.placement(), clock, eviction);
        this.loader = loader;
        this.slotQueue = new SlotQueue(state, settings.maxQueueWait(), clock);
        for (ModelSpec spec : manifest.models()) {
            state.entries.put(spec.id(), newEntry(spec));
        }
    }

    private PoolEntry newEntry(ModelSpec spec) {
        int slots = spec.slots() != null ? spec.slots() : settings.defaultSlots();
        int context = spec.context() != null ? spec.context() : settings.defaultContext();
        Duration keepAlive = spec.serving().keepAlive() != null ? spec.serving().keepAlive()
                : settings.defaultKeepAlive();
        int queue = spec.serving().queue() != null ? spec.serving().queue() : settings.maxQueue();
        return new PoolEntry(spec, planning.apply(spec), slots, context, keepAlive, queue, state.lock.newCondition());
    }

    /**
     * Serves {@code next} from now on: new models get entries (loaded on their first request), models that are gone
     * or whose declaration changed stop taking requests and are returned so the caller can {@link #retire} them.
     * Requests already holding a slot are never cut: retiring waits for them.
     *
     * @return the entries to retire, by id
     */
    public List<String> replaceManifest(Manifest next) {
        List<String> toRetire = new ArrayList<>();
        state.lock.lock();
        try {
            if (state.closed) throw new InferenceException(Kind.MODEL_NOT_READY, "the pool is shutting down");
            for (ModelSpec spec : next.models()) {
                PoolEntry current = state.entries.get(spec.id());
                if (current != null && !current.spec.equals(spec)) {
                    toRetire.add(spec.id());
                    retiring.put(spec.id(), current);
                    current.retired = true;
                    current.changed.signalAll();
                    current = null;
                }
                if (current == null) state.entries.put(spec.id(), newEntry(spec));
            }
            for (var it = state.entries.entrySet().iterator(); it.hasNext(); ) {
                var e = it.next();
                if (next.find(e.getKey()).filter(s -> s.id().equals(e.getKey())).isEmpty()) {
                    toRetire.add(e.getKey());
                    retiring.put(e.getKey(), e.getValue());
                    e.getValue().retired = true;
                    e.getValue().changed.signalAll();
                    it.remove();
                }
            }
            manifest = next;
        } finally {
            state.lock.unlock();
        }
        return toRetire;
    }

    /**
     * Unloads a model {@link #replaceManifest} took out of service, once its in-flight requests have ended; blocks
     * until then, so callers run it off the request path.
     */
    public void retire(String id) {
        PoolEntry entry;
        LoadedModel toClose;
        state.lock.lock();
        try {
            entry = retiring.remove(id);
            if (entry == null) return;
            while (entry.state == ModelState.LOADING) {
                entry.changed.awaitUninterruptibly();
            }
            toClose = drainLocked(entry);
        } finally {
            state.lock.unlock();
        }
        closeAndMarkUnloaded(entry, toClose);
    }

    /** The manifest served now (the last one a reload applied). */
    public Manifest manifest() {
        return manifest;
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
        return eviction.evictIdle(now);
    }

    /** Runs {@link #evictIdle} on the pool's clock until the pool closes; the server calls this once. */
    public Thread startKeepAliveTimer() {
        return eviction.startKeepAliveTimer();
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

    /** The chat template the model will run with, read without loading it; null when it has none. */
    public String chatTemplate(ModelSpec spec) {
        return loader.chatTemplate(spec);
    }

    public ChatLease leaseChat(ModelSpec spec) {
        return leaseChat(spec, null);
    }

    /**
     * A slot of the chat model, waiting in its queue no longer than {@code maxWait} nor the pool's own limit (a
     * request's deadline passes this); a load the model needs first is not cut short.
     *
     * @param maxWait null for the pool's limit
     */
    public ChatLease leaseChat(ModelSpec spec, Duration maxWait) {
        PoolEntry entry = entry(spec.id());
        if (acquire(entry, maxWait) instanceof ChatModel chat) {
            return new PooledChatLease(this, entry, chat);
        }
        release(entry, 0);
        throw new InferenceException(Kind.WRONG_TASK, "The model '" + spec.id() + "' is not a chat model");
    }

    public EmbeddingLease leaseEmbeddings(ModelSpec spec) {
        PoolEntry entry = entry(spec.id());
        if (acquire(entry, null) instanceof EmbeddingModel embeddings) {
            return new PooledEmbeddingLease(this, entry, embeddings);
        }
        release(entry, 0);
        throw new InferenceException(Kind.WRONG_TASK, "The model '" + spec.id() + "' is not an embedding model");
    }

    /** Loads a model now (blocking) unless it is already loaded; restarts it if it failed. */
    public void load(String id) {
        PoolEntry entry = entry(id);
        state.lock.lock();
        try {
            state.noticeDeath(entry);
            while (entry.state == ModelState.LOADING || entry.state == ModelState.DRAINING) {
                entry.changed.awaitUninterruptibly();
            }
            if (entry.state == ModelState.READY) {
                return;
            }
            entry.state = ModelState.LOADING;
        } finally {
            state.lock.unlock();
        }
        loads.placeAndLoad(entry);
    }

    /** Waits for in-flight requests of the model to finish, then unloads it (its memory goes with it). */
    public void unload(String id) {
        PoolEntry entry = entry(id);
        LoadedModel toClose;
        state.lock.lock();
        try {
            if (entry.state != ModelState.READY && entry.state != ModelState.FAILED) {
                return;
            }
            toClose = drainLocked(entry);
        } finally {
            state.lock.unlock();
        }
        closeAndMarkUnloaded(entry, toClose);
    }

    public List<ModelStatus> status() {
        state.lock.lock();
        try {
            List<ModelStatus> out = new ArrayList<>();
            for (PoolEntry e : state.entries.values()) {
                state.noticeDeath(e);
                out.add(e.status());
            }
            return out;
        } finally {
            state.lock.unlock();
        }
    }

    /** True when the default model of every task is loaded and alive. */
    public boolean ready() {
        state.lock.lock();
        try {
            for (TaskKind task : TaskKind.values()) {
                var spec = manifest.defaultFor(task);
                if (spec.isPresent()) {
                    PoolEntry e = state.entries.get(spec.get().id());
                    state.noticeDeath(e);
                    // a default model unloaded while idle loads again on its next request
                    boolean idleUnloaded = e.state == ModelState.UNLOADED && e.loadMillis >= 0 && e.lastError == null;
                    if (e.state != ModelState.READY && !idleUnloaded) return false;
                }
            }
            return true;
        } finally {
            state.lock.unlock();
        }
    }

    @Override
    public void close() {
        List<LoadedModel> toClose = new ArrayList<>();
        state.lock.lock();
        try {
            if (state.closed) return;
            state.closed = true;
            List<PoolEntry> all = new ArrayList<>(state.entries.values());
            all.addAll(retiring.values());
            for (PoolEntry e : all) {
                if (e.model != null) toClose.add(e.model);
                e.model = null;
                e.state = ModelState.UNLOADED;
                e.memoryUntil = clock.instant();
                e.changed.signalAll();
            }
        } finally {
            state.lock.unlock();
        }
        toClose.forEach(PoolState::closeQuietly);
    }

    /** Takes a slot, loading the model first if needed; waits in the bounded queue when all slots are busy. */
    private LoadedModel acquire(PoolEntry entry, Duration maxWait) {
        while (true) {
            boolean mustLoad = false;
            state.lock.lock();
            try {
                if (state.closed) throw new InferenceException(Kind.MODEL_NOT_READY, "the pool is shutting down");
                if (entry.retired) {
                    throw new InferenceException(Kind.MODEL_NOT_FOUND, "The model '" + entry.spec.id()
                            + "' was removed or changed by a configuration reload");
                }
                state.noticeDeath(entry);
                if (entry.state == ModelState.UNLOADED || entry.state == ModelState.FAILED) {
                    entry.state = ModelState.LOADING;
                    mustLoad = true;
                }
            } finally {
                state.lock.unlock();
            }
            if (mustLoad) {
                loads.placeAndLoad(entry);
            }
            LoadedModel model = slotQueue.take(entry, maxWait);
            if (model != null) return model;
            // the model was unloaded (evicted for room) while this request waited: load it again
        }
    }

    /** Returns a slot; called once per lease. */
    void release(PoolEntry entry, long heldNanos) {
        slotQueue.release(entry, heldNanos);
    }

    private PoolEntry entry(String id) {
        PoolEntry e = state.entries.get(id);
        if (e == null) throw new InferenceException(Kind.MODEL_NOT_FOUND, "The model '" + id + "' does not exist");
        return e;
    }

    private String knownNames() {
        return manifest.models().stream().map(ModelSpec::id).toList().toString();
    }

    /** Under the pool lock: no new leases, wait for the ones out to return, take the model out of the entry. */
    private static LoadedModel drainLocked(PoolEntry entry) {
        entry.state = ModelState.DRAINING;
        while (entry.inFlight > 0) {
            entry.changed.awaitUninterruptibly();
        }
        LoadedModel model = entry.model;
        entry.model = null;
        return model;
    }

    /** Outside the lock: free the model (native memory, a worker process), then say so. */
    private void closeAndMarkUnloaded(PoolEntry entry, LoadedModel toClose) {
        PoolState.closeQuietly(toClose);
        state.lock.lock();
        try {
            entry.state = ModelState.UNLOADED;
            entry.memoryUntil = clock.instant();
            entry.changed.signalAll();
        } finally {
            state.lock.unlock();
        }
    }
}
