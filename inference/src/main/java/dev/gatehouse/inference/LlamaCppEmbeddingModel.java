package dev.gatehouse.inference;

import dev.gatehouse.inference.InferenceException.Kind;
import dev.gatehouse.natives.EngineInfo;
import dev.gatehouse.natives.NativeException;
import dev.gatehouse.natives.llamacpp.LlamaCppEmbedder;
import java.util.Arrays;
import java.util.List;

/**
 * A GGUF embedding model running inside this JVM on llama.cpp. In process, like the ONNX embedders, because the FFM
 * engine returns a model's memory when it closes (java-llama.cpp did not, which is why chat models live in workers)
 * and an embedding call is one short native call with nothing to stream.
 */
final class LlamaCppEmbeddingModel implements EmbeddingModel {
    private final String id;
    private final LlamaCppEmbedder embedder;
    private volatile boolean open = true;

    LlamaCppEmbeddingModel(String id, LlamaCppEmbedder embedder) {
        this.id = id;
        this.embedder = embedder;
    }

    @Override
    public EmbeddingResult embed(List<String> inputs) {
        try {
            var result = embedder.embed(inputs);
            return new EmbeddingResult(Arrays.asList(result.vectors()), result.tokens());
        } catch (NativeException e) {
            if (e.kind() == NativeException.Kind.CONTEXT_OVERFLOW) {
                throw new InferenceException(Kind.CONTEXT_OVERFLOW, id + ": " + e.getMessage(), null, e);
            }
            throw new InferenceException(Kind.NATIVE_FAILURE, "embedding with " + id + " failed (" + e.kind() + "): "
                    + e.getMessage(), null, e);
        }
    }

    @Override
    public int dimensions() {
        return embedder.dimensions();
    }

    /** The most tokens one input may have; a longer one is refused, not truncated. */
    @Override
    public int contextLength() {
        return embedder.contextLength();
    }

    @Override
    public ModelRuntime runtime() {
        EngineInfo info = embedder.info();
        return new ModelRuntime(info.engine(), info.backend(), info.libraryVersion(), info.gpuLayers(), false);
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
