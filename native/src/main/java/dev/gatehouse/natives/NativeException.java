package dev.gatehouse.natives;

import java.util.Objects;

/**
 * The only exception type that leaves this module for a failure inside llama.cpp or ONNX Runtime.
 * It exists because the bindings throw package-private or untyped exceptions whose meaning is only in their
 * message; callers (the pool, the HTTP layer) need a stable {@link Kind} to decide what to report.
 */
public final class NativeException extends RuntimeException {

    /** What went wrong, independent of which native library reported it. */
    public enum Kind {
        LIBRARY_LOAD_FAILED,
        MODEL_FILE_MISSING,
        MODEL_FILE_CORRUPT,
        UNSUPPORTED_ARCHITECTURE,
        OUT_OF_MEMORY,
        INVALID_ARGUMENT,
        /** The prompt, or the prompt plus the asked maximum of new tokens, does not fit a slot's context. */
        CONTEXT_OVERFLOW,
        /** The engine cannot honour a generation setting (e.g. logprobs on java-llama.cpp). */
        UNSUPPORTED_OPTION,
        GENERATION_FAILED
    }

    private final Kind kind;

    public NativeException(Kind kind, String message) {
        this(kind, message, null);
    }

    public NativeException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    public Kind kind() {
        return kind;
    }

    @Override
    public String toString() {
        return "NativeException[" + kind + "]: " + getMessage();
    }
}
