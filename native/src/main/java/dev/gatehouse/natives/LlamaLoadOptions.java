package dev.gatehouse.natives;

import java.nio.file.Path;

/**
 * How to load one GGUF model: the values the pool decides, checked once here so that llama.cpp never sees a
 * nonsensical argument.
 *
 * @param file                 the GGUF file
 * @param contextLength        tokens of context for EACH slot (prompt plus output)
 * @param slots                concurrent generations the model serves
 * @param threads              CPU threads for llama.cpp
 * @param gpuLayers            layers to offload to a GPU (0 = CPU only)
 * @param chatTemplateOverride a Jinja chat template replacing the one in the GGUF metadata, or null
 * @param mainGpu              the GPU that holds the model when it is not split (index among the visible GPUs)
 * @param tensorSplit          share of the offloaded layers per visible GPU (empty: llama.cpp splits by free memory)
 * @param kvCacheType          KV cache element type: f16 (default), f32, q8_0, q4_0
 * @param flashAttention       auto (where the backend supports it), on or off
 */
public record LlamaLoadOptions(Path file, int contextLength, int slots, int threads, int gpuLayers,
                               String chatTemplateOverride, int mainGpu, java.util.List<Float> tensorSplit,
                               String kvCacheType, String flashAttention) {

    public LlamaLoadOptions(Path file, int contextLength, int slots, int threads, int gpuLayers,
                            String chatTemplateOverride) {
        this(file, contextLength, slots, threads, gpuLayers, chatTemplateOverride, 0, java.util.List.of(), "f16",
                "auto");
    }

    public LlamaLoadOptions {
        if (file == null) {
            throw new IllegalArgumentException("file must not be null");
        }
        if (contextLength < 16) {
            throw new IllegalArgumentException("contextLength must be >= 16, was " + contextLength);
        }
        if (slots < 1) {
            throw new IllegalArgumentException("slots must be >= 1, was " + slots);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, was " + threads);
        }
        if (gpuLayers < 0) {
            throw new IllegalArgumentException("gpuLayers must be >= 0, was " + gpuLayers);
        }
        if ((long) contextLength * slots > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("contextLength * slots must fit in an int, was "
                    + contextLength + " * " + slots);
        }
        tensorSplit = tensorSplit == null ? java.util.List.of() : java.util.List.copyOf(tensorSplit);
        if (mainGpu < 0) {
            throw new IllegalArgumentException("mainGpu must be >= 0, was " + mainGpu);
        }
        if (!java.util.List.of("f16", "f32", "q8_0", "q4_0").contains(kvCacheType)) {
            throw new IllegalArgumentException("kvCacheType must be one of f16, f32, q8_0, q4_0, was " + kvCacheType);
        }
        if (!java.util.List.of("auto", "on", "off").contains(flashAttention)) {
            throw new IllegalArgumentException("flashAttention must be one of auto, on, off, was " + flashAttention);
        }
        if (chatTemplateOverride != null && chatTemplateOverride.isBlank()) {
            throw new IllegalArgumentException("chatTemplateOverride must be null or non-blank");
        }
    }

    /** CPU-only options with one slot, for tools and tests. */
    public static LlamaLoadOptions cpu(Path file, int contextLength, int slots) {
        return new LlamaLoadOptions(file, contextLength, slots, Math.max(1, Runtime.getRuntime().availableProcessors()),
                0, null);
    }
}
