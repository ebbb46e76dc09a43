package dev.gatehouse.manifest.memory;

import dev.gatehouse.manifest.Engine;
import dev.gatehouse.manifest.FlashAttention;
import dev.gatehouse.manifest.KvCacheType;

/**
 * How a model would be loaded.
 *
 * @param context        context length per slot, in tokens
 * @param slots          parallel sequences
 * @param kvType         element type of the KV cache (the manifest's {@code kvCacheType})
 * @param gpuLayers      transformer blocks offloaded to the GPU (0 = CPU only; more than the model has = all, output
 *                       too)
 * @param engine         the binding that will run the model: its llama.cpp build decides the cache layout and the
 *                       compute graph. {@link Engine#AUTO} is estimated as {@link Engine#LLAMA_CPP}, the engine AUTO
 *                       picks wherever its libraries are installed; java-llama.cpp keeps the figures of its b4916.
 * @param flashAttention the manifest's {@code flashAttention}; java-llama.cpp ignores it (its b4916 runs without)
 */
public record EstimateRequest(int context, int slots, KvCacheType kvType, int gpuLayers, Engine engine,
                              FlashAttention flashAttention) {

    public EstimateRequest {
        if (kvType == null) {
            throw new IllegalArgumentException("kvType must be given");
        }
        engine = engine == null ? Engine.AUTO : engine;
        flashAttention = flashAttention == null ? FlashAttention.AUTO : flashAttention;
    }

    /** A request for the default engine (llama.cpp) with flash attention where llama.cpp enables it. */
    public EstimateRequest(int context, int slots, KvCacheType kvType, int gpuLayers) {
        this(context, slots, kvType, gpuLayers, Engine.AUTO, FlashAttention.AUTO);
    }

    /** The same request with the model's own cache type: the manifest's choice beats the planner's default. */
    public EstimateRequest withKvType(KvCacheType type) {
        return new EstimateRequest(context, slots, type, gpuLayers, engine, flashAttention);
    }

    /** The same request for the engine and flash-attention setting the manifest gives the model. */
    public EstimateRequest withEngine(Engine newEngine, FlashAttention newFlashAttention) {
        return new EstimateRequest(context, slots, kvType, gpuLayers, newEngine, newFlashAttention);
    }

    /**
     * Whether llama.cpp will run flash attention: a quantized V cache forces it; AUTO means on when layers run on a
     * GPU and off on the CPU, as the engine resolves it ({@code LlamaCppEngine}).
     */
    boolean flashAttentionOn() {
        return kvType != KvCacheType.F16 && kvType != KvCacheType.F32 || flashAttention == FlashAttention.ON
                || flashAttention == FlashAttention.AUTO && gpuLayers > 0;
    }
}
