package dev.gatehouse.manifest.memory;

/**
 * How a model would be loaded.
 *
 * @param context   context length per slot, in tokens
 * @param slots     parallel sequences (the KV cache holds context × slots tokens)
 * @param kvType    element type of the KV cache
 * @param gpuLayers transformer blocks offloaded to the GPU (0 = CPU only; more than the model has = all, output too)
 */
public record EstimateRequest(int context, int slots, KvCacheType kvType, int gpuLayers) {
    public enum KvCacheType {
        F32(4.0), F16(2.0), Q8_0(34.0 / 32), Q4_0(18.0 / 32);

        /** Bytes per element (quantized types include their block scales). */
        public final double bytesPerElement;

        KvCacheType(double bytesPerElement) {
            this.bytesPerElement = bytesPerElement;
        }
    }
}
