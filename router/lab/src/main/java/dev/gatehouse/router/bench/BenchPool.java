package dev.gatehouse.router.bench;

import dev.gatehouse.inference.ModelPool;
import dev.gatehouse.inference.NativeModelLoader;
import dev.gatehouse.inference.PoolSettings;
import dev.gatehouse.inference.worker.WorkerOptions;
import dev.gatehouse.manifest.Engine;
import dev.gatehouse.manifest.Manifest;
import dev.gatehouse.manifest.ModelFormat;
import dev.gatehouse.manifest.ModelSpec;
import dev.gatehouse.manifest.ServingHints;
import dev.gatehouse.manifest.TaskKind;
import dev.gatehouse.manifest.Tier;
import dev.gatehouse.natives.ChatEngines;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/** A pool holding one chat model, built exactly as the server builds its pool. */
final class BenchPool {
    static final String MODEL_ID = "bench";
    static final int CONTEXT = 1024;

    private BenchPool() {}

    static ModelSpec spec(Path file) {
        return new ModelSpec(MODEL_ID, List.of(), ModelFormat.GGUF, file.toAbsolutePath().toString(), null, null, null,
                Set.of(TaskKind.CHAT), Tier.SMALL, true, 1, CONTEXT, null, ServingHints.NONE);
    }

    /** The same file served by {@code engine} with {@code slots} concurrent generations, under the model id {@code id}. */
    static ModelSpec spec(Path file, String id, Engine engine, int slots, boolean isDefault) {
        return new ModelSpec(id, List.of(), ModelFormat.GGUF, file.toAbsolutePath().toString(), null, null, null,
                Set.of(TaskKind.CHAT), Tier.SMALL, isDefault, slots, CONTEXT, null, ServingHints.NONE, engine, null,
                null);
    }

    static ModelPool create(Path file, Path work) {
        return create(file, work, Runtime.getRuntime().availableProcessors());
    }

    static ModelPool create(Path file, Path work, int threads) {
        return create(List.of(spec(file)), file, work, threads);
    }

    /** A pool of {@code specs}, all files beside {@code file}, each worker running llama.cpp with {@code threads}. */
    static ModelPool create(List<ModelSpec> specs, Path file, Path work, int threads) {
        int slots = specs.stream().mapToInt(s -> s.slots() == null ? 1 : s.slots()).max().orElse(1);
        return new ModelPool(new Manifest(specs), new PoolSettings(1, Math.max(8, slots), Duration.ofMinutes(1), CONTEXT),
                new NativeModelLoader(file.toAbsolutePath().getParent(), WorkerOptions.sameJvm(work.resolve("workers")),
                        threads, ChatEngines.LlamaCppLibraries.installed()));
    }
}
