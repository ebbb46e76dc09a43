package dev.gatehouse.inference;

import java.time.Duration;
import java.util.Optional;

/** Any failure of the pool or a backend, classified once so the HTTP layer can map it in one switch. */
public final class InferenceException extends RuntimeException {

    public enum Kind {
        /** No model answers to the name. */
        MODEL_NOT_FOUND,
        /** The model exists but does not serve the requested task. */
        WRONG_TASK,
        /** The model is not loaded and could not be (see message). */
        MODEL_NOT_READY,
        /** All slots busy and the wait queue is full, or the wait timed out. */
        OVERLOADED,
        /** The prompt plus requested tokens do not fit the model's context. */
        CONTEXT_OVERFLOW,
        /** The worker process running the model died or stopped answering. */
        WORKER_FAILED,
        /** The native library reported an error. */
        NATIVE_FAILURE,
        /** The stream was closed before it ended. */
        CANCELLED,
        /** A cloud provider's answer broke after its first token (the cause is the provider's failure). */
        PROVIDER_FAILED
    }

    private final Kind kind;
    private final Duration retryAfter;
    private int promptTokens = -1;
    private int contextLength = -1;

    public InferenceException(Kind kind, String message) {
        this(kind, message, null, null);
    }

    public InferenceException(Kind kind, String message, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.retryAfter = retryAfter;
    }

    /** The model's answer to a prompt that does not fit: its real token count and the slot's context. */
    public static InferenceException contextOverflow(String modelId, int promptTokens, int contextLength) {
        var e = new InferenceException(Kind.CONTEXT_OVERFLOW, modelId + ": the prompt takes " + promptTokens
                + " of the context of " + contextLength + " tokens");
        e.promptTokens = promptTokens;
        e.contextLength = contextLength;
        return e;
    }

    /** For {@link Kind#CONTEXT_OVERFLOW} from a model: the prompt's tokens, else -1. */
    public int promptTokens() {
        return promptTokens;
    }

    /** For {@link Kind#CONTEXT_OVERFLOW} from a model: the slot's context, else -1. */
    public int contextLength() {
        return contextLength;
    }

    public Kind kind() {
        return kind;
    }

    /** For {@link Kind#OVERLOADED}: when a retry is likely to succeed. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
