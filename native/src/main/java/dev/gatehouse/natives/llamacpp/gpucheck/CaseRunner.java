package dev.gatehouse.natives.llamacpp.gpucheck;

import dev.gatehouse.manifest.Engine;
import dev.gatehouse.manifest.FlashAttention;
import dev.gatehouse.manifest.KvCacheType;
import dev.gatehouse.manifest.memory.EstimateRequest;
import dev.gatehouse.manifest.memory.MemoryEstimate;
import dev.gatehouse.manifest.memory.MemoryEstimator;
import dev.gatehouse.natives.AllocatedBuffers;
import dev.gatehouse.natives.LlamaLoadOptions;
import dev.gatehouse.natives.llamacpp.LlamaCppEngine;
import dev.gatehouse.natives.llamacpp.LlamaCppLibrary;
import java.util.List;

/**
 * Loads a model as a {@link LoadCase} says, reads VRAM around each step, generates once and closes it again; and
 * the same for two models held on the GPU at once. Every load uses one slot, an F16 KV cache and flash attention
 * "auto": the settings the pool uses by default.
 */
final class CaseRunner {

    private final LlamaCppLibrary lib;
    private final VramProbe vram;
    private final CheckOptions options;

    CaseRunner(LlamaCppLibrary lib, VramProbe vram, CheckOptions options) {
        this.lib = lib;
        this.vram = vram;
        this.options = options;
    }

    LoadMeasurement run(LoadCase loadCase) throws InterruptedException {
        MemoryEstimate estimate = estimate(loadCase);
        long before = vram.usedBytes();
        long start = System.nanoTime();
        LlamaCppEngine engine;
        try {
            engine = LlamaCppEngine.open(lib, loadOptions(loadCase));
        } catch (RuntimeException e) {
            return new LoadMeasurement(loadCase, null, seconds(start), new LoadMeasurement.Vram(before, -1, -1, -1),
                    AllocatedBuffers.UNKNOWN, estimate, null, "load failed: " + e.getMessage());
        }
        double loadSeconds = seconds(start);
        long afterLoad = vram.usedBytes();
        TimedGeneration generation = null;
        String error = null;
        long afterGeneration = -1;
        try (engine) {
            generation = TimedGeneration.run(engine, options.maxTokens(), options.decodeSeconds());
            afterGeneration = vram.usedBytes();
        } catch (RuntimeException e) {
            error = "generation failed: " + e.getMessage();
        }
        return new LoadMeasurement(loadCase, engine.info().backend(), loadSeconds,
                new LoadMeasurement.Vram(before, afterLoad, afterGeneration, vram.usedBytes()), engine.info().allocated(),
                estimate, generation, error);
    }

    /**
     * Two models on the GPU at once: both loaded (VRAM read after each), then both generating at the same time on
     * two threads, then both closed.
     */
    PairMeasurement runPair(LoadCase first, LoadCase second) throws InterruptedException {
        long before = vram.usedBytes();
        long afterFirst = -1;
        long afterSecond = -1;
        long afterGeneration = -1;
        AllocatedBuffers firstBuffers = AllocatedBuffers.UNKNOWN;
        AllocatedBuffers secondBuffers = AllocatedBuffers.UNKNOWN;
        TimedGeneration[] results = new TimedGeneration[2];
        RuntimeException[] failures = new RuntimeException[2];
        String error = null;
        try (LlamaCppEngine a = LlamaCppEngine.open(lib, loadOptions(first))) {
            afterFirst = vram.usedBytes();
            firstBuffers = a.info().allocated();
            try (LlamaCppEngine b = LlamaCppEngine.open(lib, loadOptions(second))) {
                afterSecond = vram.usedBytes();
                secondBuffers = b.info().allocated();
                Thread ta = Thread.ofPlatform().start(() -> results[0] = generate(a, failures, 0));
                Thread tb = Thread.ofPlatform().start(() -> results[1] = generate(b, failures, 1));
                ta.join();
                tb.join();
                afterGeneration = vram.usedBytes();
            }
        } catch (RuntimeException e) {
            error = e.getMessage();
        }
        for (RuntimeException failure : failures) {
            if (failure != null && error == null) error = "generation failed: " + failure.getMessage();
        }
        return new PairMeasurement(first, second, estimate(first), estimate(second), firstBuffers, secondBuffers,
                new PairMeasurement.Vram(before, afterFirst, afterSecond, afterGeneration, vram.usedBytes()),
                results[0], results[1], error);
    }

    private TimedGeneration generate(LlamaCppEngine engine, RuntimeException[] failures, int index) {
        try {
            return TimedGeneration.run(engine, options.maxTokens(), options.decodeSeconds());
        } catch (RuntimeException e) {
            failures[index] = e;
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private LlamaLoadOptions loadOptions(LoadCase loadCase) {
        return new LlamaLoadOptions(loadCase.model().file(), loadCase.context(), 1,
                options.threads(), loadCase.gpuLayers(), null, 0, List.of(), "f16", "auto");
    }

    static MemoryEstimate estimate(LoadCase loadCase) {
        return MemoryEstimator.estimate(loadCase.model().info(), new EstimateRequest(loadCase.context(), 1,
                KvCacheType.F16, loadCase.gpuLayers(), Engine.LLAMA_CPP, FlashAttention.AUTO));
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }
}
