package dev.gatehouse.router.http;

import dev.gatehouse.inference.InferenceException;
import dev.gatehouse.inference.LoadedModel;
import dev.gatehouse.inference.ModelLoader;
import dev.gatehouse.manifest.ModelSpec;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Hands the pool pre-built scripted models by id; loads can be held back or fail. */
final class ScriptedLoader implements ModelLoader {

    private final Map<String, LoadedModel> models = new ConcurrentHashMap<>();
    private final CountDownLatch loadGate = new CountDownLatch(1);
    private volatile boolean holdLoads;

    ScriptedLoader with(String id, LoadedModel model) {
        models.put(id, model);
        return this;
    }

    /** Loads wait until {@link #releaseLoads()}. */
    ScriptedLoader holdingLoads() {
        holdLoads = true;
        return this;
    }

    void releaseLoads() {
        loadGate.countDown();
    }

    @Override
    public LoadedModel load(ModelSpec spec, int slots, int context) {
        if (holdLoads) {
            try {
                loadGate.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        LoadedModel model = models.get(spec.id());
        if (model == null) {
            throw new InferenceException(InferenceException.Kind.MODEL_NOT_READY, "no scripted model " + spec.id());
        }
        return model;
    }
}
