package dev.gatehouse.natives.llamacpp.gpucheck;

import dev.gatehouse.manifest.gguf.GgmlType;
import dev.gatehouse.manifest.gguf.GgufFormatException;
import dev.gatehouse.manifest.gguf.GgufInfo;
import dev.gatehouse.manifest.gguf.GgufReader;
import dev.gatehouse.manifest.gguf.ModelArchitecture;
import dev.gatehouse.manifest.gguf.RandomModelGguf;
import dev.gatehouse.manifest.gguf.RandomModelSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The random-weight F16 llama models the check loads, written on the machine that runs it (a few tens of MB may
 * travel to a GPU machine, gigabytes may not). A file already there with the exact predicted size is reused, so a
 * second run on the same machine skips the writing; a file is written under a temporary name and renamed, so a run
 * killed mid-write leaves nothing that looks complete.
 */
final class CheckModels {

    /** A model small enough to load in milliseconds, used to create the CUDA context before anything is measured. */
    static final int WARM_UP_MIB = 4;

    private CheckModels() {}

    /**
     * One generated model.
     *
     * @param writeSeconds time spent writing it in this run, 0 when it was reused
     */
    record Model(int mib, Path file, RandomModelSpec spec, GgufInfo info, double writeSeconds) {
        String label() {
            return "llama F16 " + (mib >= 1024 && mib % 1024 == 0 ? mib / 1024 + " GiB" : mib + " MiB");
        }

        /** Layer count to pass as gpuLayers to put every block and the output layer on the GPU. */
        int allLayers() {
            return spec.layers() + 1;
        }
    }

    /** Writes (in parallel, one thread per model) or reuses a model of each size whose trained context is {@code context}. */
    static List<Model> ensure(Path dir, List<Integer> mibs, int context) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        try (ExecutorService writers = Executors.newFixedThreadPool(mibs.size())) {
            List<Future<Model>> futures = new ArrayList<>();
            for (int mib : mibs) futures.add(writers.submit(() -> ensure(dir, mib, context)));
            List<Model> models = new ArrayList<>();
            for (Future<Model> future : futures) {
                try {
                    models.add(future.get());
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof IOException io) throw io;
                    throw new IllegalStateException("writing a model failed: " + e.getCause(), e.getCause());
                }
            }
            return models;
        }
    }

    static Model ensure(Path dir, int mib, int context) throws IOException {
        RandomModelSpec spec = RandomModelSpec.ofApproxBytes(ModelArchitecture.LLAMA, (long) mib << 20, GgmlType.F16)
                .withContext(context);
        Path file = dir.resolve("llama-f16-" + mib + "mib-ctx" + context + ".gguf");
        double seconds = 0;
        if (!Files.isRegularFile(file) || Files.size(file) != RandomModelGguf.predictedFileBytes(spec)) {
            Path partial = dir.resolve(file.getFileName() + ".part");
            long start = System.nanoTime();
            RandomModelGguf.write(partial, spec);
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            seconds = (System.nanoTime() - start) / 1e9;
        }
        try {
            return new Model(mib, file, spec, GgufReader.read(file), seconds);
        } catch (GgufFormatException e) {
            throw new IOException("cannot read back " + file + ": " + e.getMessage(), e);
        }
    }
}
