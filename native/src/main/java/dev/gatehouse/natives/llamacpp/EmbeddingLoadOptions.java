package dev.gatehouse.natives.llamacpp;

import java.nio.file.Path;
import java.util.List;

/**
 * How to load one GGUF embedding model, checked once here so that llama.cpp never sees a nonsensical argument.
 *
 * @param file          the GGUF file
 * @param contextLength the most tokens one input may have (special tokens included); also the tokens one
 *                      {@code llama_decode} call holds, since a non-causal model must see a whole input at once
 * @param sequences     inputs embedded together in one call ({@code n_seq_max}), at most {@value #MAX_SEQUENCES}
 * @param threads       CPU threads for llama.cpp
 * @param gpuLayers     layers to offload to a GPU (0 = CPU only)
 * @param tensorSplit   share of the offloaded layers per GPU (empty: llama.cpp splits by free memory)
 * @param pooling       {@link EmbeddingPooling#MODEL} to use the GGUF's own, or one to impose
 */
public record EmbeddingLoadOptions(Path file, int contextLength, int sequences, int threads, int gpuLayers,
                                   List<Float> tensorSplit, EmbeddingPooling pooling) {

    /** llama.cpp's LLAMA_MAX_SEQ: a context cannot hold more sequences. */
    public static final int MAX_SEQUENCES = 256;
    /** Inputs per call when the caller has no reason to choose: a typical OpenAI embeddings request fits. */
    public static final int DEFAULT_SEQUENCES = 16;

    public EmbeddingLoadOptions {
        if (file == null) throw new IllegalArgumentException("file must not be null");
        if (contextLength < 8) throw new IllegalArgumentException("contextLength must be >= 8, was " + contextLength);
        if (sequences < 1 || sequences > MAX_SEQUENCES) {
            throw new IllegalArgumentException("sequences must be in 1.." + MAX_SEQUENCES + ", was " + sequences);
        }
        if (threads < 1) throw new IllegalArgumentException("threads must be >= 1, was " + threads);
        if (gpuLayers < 0) throw new IllegalArgumentException("gpuLayers must be >= 0, was " + gpuLayers);
        tensorSplit = tensorSplit == null ? List.of() : List.copyOf(tensorSplit);
        if (tensorSplit.size() > 16) {
            throw new IllegalArgumentException("tensorSplit has at most 16 entries (llama_max_devices), was "
                    + tensorSplit.size());
        }
        if (pooling == null) throw new IllegalArgumentException("pooling must not be null");
    }

    /** CPU only, every core, the model's own pooling. */
    public static EmbeddingLoadOptions cpu(Path file, int contextLength) {
        return new EmbeddingLoadOptions(file, contextLength, DEFAULT_SEQUENCES,
                Math.max(1, Runtime.getRuntime().availableProcessors()), 0, List.of(), EmbeddingPooling.MODEL);
    }

    /** The same options with another pooling. */
    public EmbeddingLoadOptions withPooling(EmbeddingPooling other) {
        return new EmbeddingLoadOptions(file, contextLength, sequences, threads, gpuLayers, tensorSplit, other);
    }

    /** The same options with another most tokens per input. */
    public EmbeddingLoadOptions withContextLength(int other) {
        return new EmbeddingLoadOptions(file, other, sequences, threads, gpuLayers, tensorSplit, pooling);
    }

    /** The same options with another number of inputs per call. */
    public EmbeddingLoadOptions withSequences(int other) {
        return new EmbeddingLoadOptions(file, contextLength, other, threads, gpuLayers, tensorSplit, pooling);
    }
}
