package dev.gatehouse.natives.llamacpp.gpucheck;

import dev.gatehouse.manifest.memory.MemoryEstimate;
import dev.gatehouse.natives.AllocatedBuffers;

/**
 * Two models held on one GPU at once and generating at the same time: whether the second fits beside the first as
 * the estimator says, and what sharing the GPU costs each in speed.
 */
record PairMeasurement(LoadCase first, LoadCase second, MemoryEstimate firstEstimate, MemoryEstimate secondEstimate,
                       AllocatedBuffers firstBuffers, AllocatedBuffers secondBuffers, Vram vram,
                       TimedGeneration firstGeneration, TimedGeneration secondGeneration, String error) {

    /** NVML's bytes in use on GPU 0 at each step; -1 where not measured or not reached. */
    record Vram(long before, long afterFirst, long afterSecond, long afterGeneration, long afterClose) {
        long bothLoadedDelta() {
            return LoadMeasurement.Vram.difference(afterSecond, before);
        }

        long generationDelta() {
            return LoadMeasurement.Vram.difference(afterGeneration, before);
        }

        long leftAfterClose() {
            return LoadMeasurement.Vram.difference(afterClose, before);
        }
    }

    long estimatedGpuBytes() {
        return firstEstimate.gpuBytes() + secondEstimate.gpuBytes();
    }

    long reportedGpuBytes() {
        return firstBuffers.gpuBytes() < 0 || secondBuffers.gpuBytes() < 0 ? -1
                : firstBuffers.gpuBytes() + secondBuffers.gpuBytes();
    }
}
