package dev.gatehouse.natives.llamacpp.gpucheck;

import dev.gatehouse.manifest.memory.MemoryEstimate;
import dev.gatehouse.natives.AllocatedBuffers;

/**
 * What one {@link LoadCase} gave: VRAM as NVML saw it, the buffers llama.cpp reported, the estimator's prediction
 * and the generation's speed. A case that failed carries its error and whatever was measured before the failure.
 *
 * @param backend  where llama.cpp says the offloaded layers run ("cuda", or "cpu" on a build without a GPU)
 * @param llamaCpp the buffers llama.cpp logged at load
 * @param estimate {@code MemoryEstimator}'s prediction for the same load, made from the GGUF header alone
 */
record LoadMeasurement(LoadCase loadCase, String backend, double loadSeconds, Vram vram, AllocatedBuffers llamaCpp,
                       MemoryEstimate estimate, TimedGeneration generation, String error) {

    /**
     * NVML's bytes in use on GPU 0 around the load; -1 where not measured. The differences are
     * {@link #UNMEASURED} where either reading is missing (a real difference may be negative).
     */
    record Vram(long before, long afterLoad, long afterGeneration, long afterClose) {
        static final long UNMEASURED = Long.MIN_VALUE;

        long loadDelta() {
            return difference(afterLoad, before);
        }

        long generationDelta() {
            return difference(afterGeneration, before);
        }

        /** What closing the model left behind (0 when it returned everything). */
        long leftAfterClose() {
            return difference(afterClose, before);
        }

        static long difference(long later, long earlier) {
            return later < 0 || earlier < 0 ? UNMEASURED : later - earlier;
        }
    }

    boolean failed() {
        return error != null;
    }
}
