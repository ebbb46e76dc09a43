package dev.gatehouse.inference;

import dev.gatehouse.hardware.HardwareProbe;
import dev.gatehouse.inference.InferenceException.Kind;
import dev.gatehouse.inference.placement.Placement;
import dev.gatehouse.inference.placement.PlacementPolicy;
import dev.gatehouse.inference.placement.PlannedModel;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * The load procedure of the pool: decide a placement under the lock (unloading idle models when that gets a better
 * one), load outside it, then record the model and its predicted against measured memory under it again. A load that
 * runs out of memory is retried with a smaller context, then after unloading every idle model, then fails with the
 * figures.
 */
final class ModelLoads {
    private static final Logger LOG = Logger.getLogger(ModelPool.class.getName());

    private final PoolState state;
    private final ModelLoader loader;
    private final HardwareProbe probe;
    private final PlacementPolicy policy;
    private final Clock clock;
    private final IdleEviction eviction;

    ModelLoads(PoolState state, ModelLoader loader, HardwareProbe probe, PlacementPolicy policy, Clock clock,
               IdleEviction eviction) {
        this.state = state;
        this.loader = loader;
        this.probe = probe;
        this.policy = policy;
        this.clock = clock;
        this.eviction = eviction;
    }

    /**
     * Places and loads a model whose state the caller set to LOADING. When the load runs out of memory it is retried
     * once with half the context, then once more after unloading every idle model; then it fails with the figures.
     */
    void placeAndLoad(PoolEntry entry) {
        InferenceException failure = null;
        int context = Integer.MAX_VALUE;
        for (int attempt = 0; attempt < 3; attempt++) {
            if (attempt == 1) context = Math.max(16, entry.contextLength / 2);
            LoadDecision.Load decision = decide(entry, context, attempt == 2, failure);
            eviction.unload(decision.evict(), "making room for " + entry.spec.id());
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
        state.lock.lock();
        try {
            PlannedModel model = contextCap == Integer.MAX_VALUE ? entry.planned : entry.planned.withContextCap(contextCap);
            switch (LoadDecision.decide(entry, model, state.entries.values(), probe.snapshot(), policy, evictAll)) {
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
            state.lock.unlock();
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
        state.lock.lock();
        try {
            entry.loadMillis = millis;
            if (state.closed) {
                PoolState.closeQuietly(model);
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
            state.lock.unlock();
        }
        LOG.info(() -> "loaded " + entry.spec.id() + " in " + millis + " ms (pid " + model.pid() + ", " + placement.device()
                + ", " + placement.gpuLayers() + " GPU layers, context " + model.contextLength() + ", slots "
                + placement.slots() + "): " + measured.describe(placement) + allocatedVersusPredicted(model, placement)
                + "; " + placement.why());
    }

    /** What llama.cpp says it allocated beside what the estimator predicted, so estimate errors show in the log. */
    private static String allocatedVersusPredicted(LoadedModel model, Placement placement) {
        ModelRuntime.Allocated a = model.runtime().allocated();
        if (!a.known()) return "";
        var p = placement.predicted();
        // compute is not compared: llama.cpp reserves the worst-case graph, the estimate counts the pages it touches
        return String.format(Locale.ROOT, "; %s allocated weights %.1f MiB (predicted %.1f), KV %.1f MiB "
                        + "(predicted %.1f), compute %.1f MiB, %.1f MiB of it all on GPUs (predicted %.1f)",
                model.runtime().engine(), mib(a.weights()), mib(p.weightsGpuBytes() + p.weightsHostBytes()),
                mib(a.kvCache()), mib(p.kvCacheGpuBytes() + p.kvCacheHostBytes()), mib(a.compute()), mib(a.gpu()),
                mib(p.gpuBytes()));
    }

    private static double mib(long bytes) {
        return bytes / (double) (1 << 20);
    }

    private void fail(PoolEntry entry, String message) {
        state.lock.lock();
        try {
            failLocked(entry, message);
        } finally {
            state.lock.unlock();
        }
    }

    private void failLocked(PoolEntry entry, String message) {
        entry.state = ModelState.FAILED;
        entry.lastError = message;
        entry.loadFailures++;
        entry.memoryUntil = clock.instant();
        entry.changed.signalAll();
    }

    /** llama.cpp's allocation failures reach us as the worker's OUT_OF_MEMORY kind inside the message. */
    static boolean outOfMemory(InferenceException e) {
        String m = e.getMessage() == null ? "" : e.getMessage();
        return m.contains("OUT_OF_MEMORY") || m.toLowerCase(Locale.ROOT).contains("out of memory");
    }
}
