package dev.gatehouse.hardware;

/** Where snapshots come from: the live machine (OSHI + NVML), or a fixed one in tests and in {@code gatehouse plan --gpus}. */
public interface HardwareProbe {
    HardwareSnapshot snapshot();
}
