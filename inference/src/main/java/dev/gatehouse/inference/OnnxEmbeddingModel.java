package dev.gatehouse.inference;

import dev.gatehouse.inference.InferenceException.Kind;
import dev.gatehouse.natives.NativeException;
import dev.gatehouse.natives.OnnxEmbedder;
import dev.gatehouse.natives.onnx.OnnxPlacement;
import java.util.Arrays;
import java.util.List;

/** An ONNX sentence-embedding model running inside this JVM. */
final class OnnxEmbeddingModel implements EmbeddingModel {
    private final OnnxEmbedder embedder;
    private volatile boolean open = true;

    OnnxEmbeddingModel(OnnxEmbedder embedder) {
        this.embedder = embedder;
    }

    @Override
    public EmbeddingResult embed(List<String> inputs) {
        try {
            var result = embedder.embed(inputs);
            return new EmbeddingResult(Arrays.asList(result.vectors()), result.tokens());
        } catch (NativeException e) {
            throw new InferenceException(Kind.NATIVE_FAILURE, "embedding failed (" + e.kind() + "): " + e.getMessage(), null, e);
        }
    }

    @Override
    public int dimensions() {
        return embedder.dimensions();
    }

    @Override
    public int contextLength() {
        return OnnxEmbedder.DEFAULT_MAX_LENGTH; // longer inputs are truncated, not refused
    }

    /** Backend "cuda" or "cpu" as the session really runs, with the reason (e.g. why not CUDA on a GPU machine). */
    @Override
    public ModelRuntime runtime() {
        OnnxPlacement placement = embedder.placement();
        return new ModelRuntime("onnxruntime", placement.backend().id(),
                ai.onnxruntime.OrtEnvironment.getEnvironment().getVersion(), 0, false, ModelRuntime.Allocated.UNKNOWN,
                placement.reason());
    }

    @Override
    public long pid() {
        return -1;
    }

    @Override
    public boolean alive() {
        return open;
    }

    @Override
    public void close() {
        open = false;
        embedder.close();
    }
}
