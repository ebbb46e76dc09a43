package dev.gatehouse.hardware;

import dev.gatehouse.hardware.HardwareSnapshot.GpuInfo;
import java.util.List;

/** Where a probe's GPU figures come from: NVML on the live machine, nothing (with a reason) elsewhere. */
public interface GpuReader {

    /**
     * @param gpus what was read, empty when nothing could be
     * @param note why {@code gpus} is empty, or null
     */
    record Reading(List<GpuInfo> gpus, String note) {
        public Reading {
            gpus = List.copyOf(gpus);
        }
    }

    Reading read();

    /** NVIDIA GPUs through NVML; loads {@code libnvidia-ml.so.1} on the first read. */
    static GpuReader nvml() {
        return new NvmlGpuReader(dev.gatehouse.natives.nvml.Nvml.LIBRARY);
    }

    /** No GPUs, for the stated reason (e.g. "GPU probing disabled in gatehouse.yaml"). */
    static GpuReader none(String reason) {
        Reading reading = new Reading(List.of(), reason);
        return () -> reading;
    }
}
