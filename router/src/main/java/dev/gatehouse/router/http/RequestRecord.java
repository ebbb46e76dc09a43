package dev.gatehouse.router.http;

/**
 * What one request did, filled in as it goes by the endpoint and read once by {@link RequestIdFilter} when the
 * response is done, for the log line and the metrics. Lives in the request's context; one thread writes it.
 */
final class RequestRecord {
    final String requestId;
    final String endpoint;
    final long startNanos;
    String model;
    boolean streamed;
    int promptTokens = -1;
    int completionTokens = -1;
    long firstTokenNanos = -1;
    String errorCode;
    /** Set once SSE bytes went out: errors must then travel inside the stream. */
    boolean responseStarted;
    /** A status for log and metrics that differs from the HTTP one (499: the client went away mid-stream). */
    int statusOverride;
    /** Only set when logPrompts is on. */
    String promptText;
    String completionText;
    /** The routing decision of a chat or route request, logged with the outcome when the response is done. */
    dev.gatehouse.router.policy.Decision decision;
    String promptHash;
    boolean dryRun;
    /** Tenant of the API key, or null; costs are counted per tenant and target. */
    String tenant;
    /** What the answer cost (booked when its stream ended), or null. */
    volatile dev.gatehouse.router.escalation.Cost cost;

    RequestRecord(String requestId, String endpoint, long startNanos) {
        this.requestId = requestId;
        this.endpoint = endpoint;
        this.startNanos = startNanos;
    }
}
