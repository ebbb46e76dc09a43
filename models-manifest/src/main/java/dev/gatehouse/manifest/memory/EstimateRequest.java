package dev.gatehouse.manifest.memory;

import dev.gatehouse.manifest.KvCacheType;

/**
 * How a model would be loaded.
 *
 * @param context   context length per slot, in tokens
 * @param slots     parallel sequences (the KV cache holds context × slots tokens)
 * @param kvType    element type of the KV cache (the manifest's {@code kvCacheType})
 * @param gpuLayers transformer blocks offloaded to the GPU (0 = CPU only; more than the model has = all, output too)
 */
public record EstimateRequest(int context, int slots, KvCacheType kvType, int gpuLayers) {

    /** The same request with the model's own cache type: the manifest's choice beats the planner's default. */
    public EstimateRequest withKvType(KvCacheType type) {
        return new EstimateRequest(context, slots, type, gpuLayers);
    }
}
