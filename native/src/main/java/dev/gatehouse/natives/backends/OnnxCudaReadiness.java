package dev.gatehouse.natives.backends;

import java.util.Objects;

/**
 * Whether this machine can run ONNX Runtime's CUDA build (the onnx-cuda backend), judged from files alone.
 *
 * @param gpuDriver true when an NVIDIA driver was found, whether or not the rest is there
 * @param usable    true when the driver and every CUDA library the CUDA provider links against were found
 * @param detail    when usable, what was found; otherwise what is missing and how to get it, in plain words
 */
public record OnnxCudaReadiness(boolean gpuDriver, boolean usable, String detail) {

    public OnnxCudaReadiness {
        Objects.requireNonNull(detail, "detail");
        if (usable && !gpuDriver) {
            throw new IllegalArgumentException("usable without a GPU driver: " + detail);
        }
    }
}
