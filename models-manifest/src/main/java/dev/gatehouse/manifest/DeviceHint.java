package dev.gatehouse.manifest;

import java.util.OptionalInt;

/**
 * Where the manifest tells a model to run: {@code cpu}, {@code gpu} (any GPU, the planner picks) or {@code gpu:N}
 * (that GPU only). Without a hint the planner chooses freely.
 *
 * @param kind     CPU or GPU
 * @param gpuIndex the NVML index of the one GPU allowed, or -1 for any
 */
public record DeviceHint(Kind kind, int gpuIndex) {
    public enum Kind { CPU, GPU }

    public static final DeviceHint CPU = new DeviceHint(Kind.CPU, -1);
    public static final DeviceHint ANY_GPU = new DeviceHint(Kind.GPU, -1);

    public DeviceHint {
        if (kind == Kind.CPU && gpuIndex != -1) throw new IllegalArgumentException("cpu takes no GPU index");
        if (gpuIndex < -1) throw new IllegalArgumentException("gpuIndex must be >= 0 or -1 (any), was " + gpuIndex);
    }

    public static DeviceHint gpu(int index) {
        return new DeviceHint(Kind.GPU, index);
    }

    /** The GPU the model is tied to, if the hint names one. */
    public OptionalInt gpu() {
        return gpuIndex < 0 ? OptionalInt.empty() : OptionalInt.of(gpuIndex);
    }

    /** {@code cpu}, {@code gpu} or {@code gpu:N}: the manifest spelling, also used in messages. */
    @Override
    public String toString() {
        return kind == Kind.CPU ? "cpu" : gpuIndex < 0 ? "gpu" : "gpu:" + gpuIndex;
    }
}
