package dev.gatehouse.router.bench;

import dev.gatehouse.inference.ModelPool;
import dev.gatehouse.inference.NativeModelLoader;
import dev.gatehouse.inference.PoolSettings;
import dev.gatehouse.inference.worker.WorkerOptions;
import dev.gatehouse.manifest.Manifest;
import dev.gatehouse.manifest.ModelFormat;
import dev.gatehouse.manifest.ModelSpec;
import dev.gatehouse.manifest.ServingHints;
import dev.gatehouse.manifest.TaskKind;
import dev.gatehouse.manifest.Tier;
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

    static ModelPool create(Path file, Path work) {
        return create(file, work, Runtime.getRuntime().availableProcessors());
    }

    static ModelPool create(Path file, Path work, int threads) {
        return new ModelPool(new Manifest(List.of(spec(file))), new PoolSettings(1, 8, Duration.ofMinutes(1), CONTEXT),
                new NativeModelLoader(file.toAbsolutePath().getParent(), WorkerOptions.sameJvm(work.resolve("workers")), threads,
                        dev.gatehouse.natives.ChatEngines.LlamaCppLibraries.installed()));
    }
}
