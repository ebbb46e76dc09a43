package dev.gatehouse.manifest.memory;

/**
 * Predicted memory of one loaded model, split by kind and by where it lives. Produced by {@code MemoryEstimator}
 * from GGUF metadata alone, so the planner can place a model before loading it.
 */
public record MemoryEstimate(
        long weightsGpuBytes,
        long weightsHostBytes,
        long kvCacheGpuBytes,
        long kvCacheHostBytes,
        long computeGpuBytes,
        long computeHostBytes,
        long overheadHostBytes) {

    public long gpuBytes() {
        return weightsGpuBytes + kvCacheGpuBytes + computeGpuBytes;
    }

    public long hostBytes() {
        return weightsHostBytes + kvCacheHostBytes + computeHostBytes + overheadHostBytes;
    }

    public long totalBytes() {
        return gpuBytes() + hostBytes();
    }
}
