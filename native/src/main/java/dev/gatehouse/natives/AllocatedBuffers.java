package dev.gatehouse.natives;

/**
 * What the engine allocated for a model, by kind, summed over devices (as llama.cpp reports it after a load): the
 * ground truth the memory estimator is checked against. -1 where the engine does not report it.
 *
 * @param weightsBytes model buffers (mapped or copied weights)
 * @param kvCacheBytes the KV cache of all slots
 * @param computeBytes the compute graph's buffers (worst-case micro-batch)
 * @param gpuBytes     the part of all three on GPUs
 */
public record AllocatedBuffers(long weightsBytes, long kvCacheBytes, long computeBytes, long gpuBytes) {
    public static final AllocatedBuffers UNKNOWN = new AllocatedBuffers(-1, -1, -1, -1);
}
