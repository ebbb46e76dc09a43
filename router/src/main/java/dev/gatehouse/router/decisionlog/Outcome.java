package dev.gatehouse.router.decisionlog;

/**
 * What happened to a routed request.
 *
 * @param servedBy        the target that answered, or null (refused, failed before a lease, or a dry run)
 * @param status          HTTP status as logged (499: the client went away)
 * @param ttftMs          time to first token, or -1
 * @param generationNanos from first token to end, for the speed measurement; 0 when unknown
 * @param error           the error code, or null
 * @param cost            what the answer cost from its real token counts and the target's prices, or null
 */
public record Outcome(
        boolean dryRun,
        String servedBy,
        int status,
        long latencyMs,
        long ttftMs,
        int promptTokens,
        int completionTokens,
        long generationNanos,
        String error,
        dev.gatehouse.router.escalation.Cost cost) {

    public Outcome(boolean dryRun, String servedBy, int status, long latencyMs, long ttftMs, int promptTokens,
            int completionTokens, long generationNanos, String error) {
        this(dryRun, servedBy, status, latencyMs, ttftMs, promptTokens, completionTokens, generationNanos, error, null);
    }

    public static Outcome dryRun(long latencyMs) {
        return new Outcome(true, null, 200, latencyMs, -1, -1, -1, 0, null);
    }
}
