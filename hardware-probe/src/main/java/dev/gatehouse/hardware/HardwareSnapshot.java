package dev.gatehouse.hardware;

import java.time.Instant;
import java.util.List;

/**
 * What the machine has at one instant. Immutable and cheap to pass around: the probe samples in the background and
 * the request path, the planner and the policy only ever read a snapshot.
 *
 * @param takenAt        when it was sampled
 * @param cpu            processor and load
 * @param memory         system and process memory
 * @param gpus           NVIDIA GPUs, empty when there are none or NVML is unavailable
 * @param gpuNote        why {@code gpus} is empty (e.g. "libnvidia-ml.so.1 not found"), or null
 */
public record HardwareSnapshot(Instant takenAt, CpuInfo cpu, MemoryInfo memory, List<GpuInfo> gpus, String gpuNote) {
    public HardwareSnapshot {
        gpus = List.copyOf(gpus);
    }

    /**
     * @param model     CPU model name
     * @param cores     logical processors
     * @param load1     1-minute load average (-1 when unknown), likewise load5, load15
     */
    public record CpuInfo(String model, int cores, double load1, double load5, double load15) {}

    /**
     * @param totalBytes        system RAM
     * @param freeBytes         RAM available to new allocations (MemAvailable on Linux)
     * @param processRssBytes   resident memory of this process
     */
    public record MemoryInfo(long totalBytes, long freeBytes, long processRssBytes) {}

    /**
     * @param index              NVML index
     * @param utilizationPercent GPU busy percentage over the last sample period, -1 when unknown
     * @param temperatureC       core temperature, -1 when unknown
     */
    public record GpuInfo(int index, String name, String uuid, long totalBytes, long usedBytes, long freeBytes,
                          int utilizationPercent, int temperatureC, String driverVersion, String cudaVersion) {}
}
