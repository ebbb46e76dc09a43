package dev.gatehouse.router.http;

import dev.gatehouse.router.serving.ServingOutcome;

/**
 * One request in the request's context: its id and start, set by {@link RequestLifecycleFilter}; what
 * serving it came to, set once by the endpoint; and the two facts only the HTTP layer knows (the response started,
 * the error it sent). The filter reads it once when the response is done.
 */
final class RequestRecord {
    final String requestId;
    final long startNanos;
    private volatile ServingOutcome outcome;
    /** Set once bytes of a streamed response went out: errors must then travel inside the stream. */
    volatile boolean responseStarted;
    /** The error code the error handler sent, or null. */
    volatile String errorCode;

    RequestRecord(String requestId, long startNanos) {
        this.requestId = requestId;
        this.startNanos = startNanos;
    }

    /** Records what serving the request came to; once. */
    void served(ServingOutcome served) {
        if (outcome != null) throw new IllegalStateException("request " + requestId + " was already served");
        outcome = served;
    }

    /** What serving the request came to, or null when it failed before (a bad body, an unknown model). */
    ServingOutcome outcome() {
        return outcome;
    }
}
