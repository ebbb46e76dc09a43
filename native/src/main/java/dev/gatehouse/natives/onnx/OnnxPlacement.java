package dev.gatehouse.natives.onnx;

import java.util.Locale;
import java.util.Objects;

/**
 * Where ONNX Runtime runs an embedding model, and why there: the value shown as {@code backend} in {@code /v1/pool},
 * with the reason beside it, so that "cpu although a GPU exists" always says what was missing.
 *
 * @param backend where sessions run
 * @param reason  what was found (for CUDA) or what kept the model off the GPU (for the CPU), in plain words
 */
public record OnnxPlacement(Backend backend, String reason) {

    /** ONNX Runtime's execution providers that Gatehouse uses. */
    public enum Backend {
        CPU,
        /** The CUDA execution provider on device 0 (the first of {@code CUDA_VISIBLE_DEVICES}). */
        CUDA;

        /** "cpu" or "cuda", as in {@code /v1/pool}. */
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public OnnxPlacement {
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(reason, "reason");
        if (reason.isBlank()) {
            throw new IllegalArgumentException("reason must say why " + backend.id() + " was chosen");
        }
    }

    public static OnnxPlacement cpu(String reason) {
        return new OnnxPlacement(Backend.CPU, reason);
    }

    public static OnnxPlacement cuda(String reason) {
        return new OnnxPlacement(Backend.CUDA, reason);
    }

    public boolean cuda() {
        return backend == Backend.CUDA;
    }
}
