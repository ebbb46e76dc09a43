package dev.gatehouse.router.capacity;

import dev.gatehouse.inference.placement.PlannedModel;
import dev.gatehouse.manifest.ModelFiles;
import dev.gatehouse.manifest.ModelFormat;
import dev.gatehouse.manifest.ModelSpec;
import dev.gatehouse.manifest.gguf.GgufFormatException;
import dev.gatehouse.manifest.gguf.GgufInfo;
import dev.gatehouse.manifest.gguf.GgufReader;
import dev.gatehouse.manifest.memory.MemoryEstimator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Turns manifest entries into what the planner needs: GGUF models from their header and the memory estimator, ONNX
 * models as a fixed CPU footprint. The pool and {@code gatehouse plan} both use this, so they plan alike.
 */
public final class PlannedModels {
    /** ONNX Runtime's session holds the weights plus arena buffers: about twice the file in practice. */
    private static final int ONNX_FILE_FACTOR = 2;
    /** The builtin MiniLM (22 MB quantized) with its runtime, rounded up. */
    private static final long BUILTIN_BYTES = 160L << 20;

    private final Path modelsDir;

    public PlannedModels(Path modelsDir) {
        this.modelsDir = modelsDir;
    }

    /**
     * @throws IllegalArgumentException when the model file is missing or not a GGUF file, with the path
     */
    public PlannedModel of(ModelSpec spec) {
        if (spec.format() == ModelFormat.ONNX) {
            return PlannedModel.onCpu(spec, spec.builtin() != null ? BUILTIN_BYTES : ONNX_FILE_FACTOR * size(spec));
        }
        Path file;
        try {
            file = ModelFiles.resolve(spec, modelsDir);
        } catch (UncheckedIOException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        try {
            GgufInfo info = GgufReader.read(file);
            // The model's own cache type (models.yaml kvCacheType) decides the KV cache's size, whatever the
            // planner's default says.
            return new PlannedModel(spec, info.blockCount(), info.contextLength(),
                    request -> MemoryEstimator.estimate(info, request.withKvType(spec.kvCacheType())
                            .withEngine(spec.engine(), spec.flashAttention())));
        } catch (GgufFormatException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** As {@link #of}, but a model whose file cannot be read yet is planned on the CPU with no footprint: the pool
     * then reports the loader's own error when the model is first needed. */
    public PlannedModel orUnknown(ModelSpec spec) {
        try {
            return of(spec);
        } catch (IllegalArgumentException e) {
            return PlannedModel.onCpu(spec, 0);
        }
    }

    private long size(ModelSpec spec) {
        Path file = ModelFiles.resolve(spec, modelsDir);
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new IllegalArgumentException("model file of " + spec.id() + " not found: " + file, e);
        }
    }
}
