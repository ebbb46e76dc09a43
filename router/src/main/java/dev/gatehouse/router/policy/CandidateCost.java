package dev.gatehouse.router.policy;

import dev.gatehouse.router.features.RequestFeatures;

/**
 * Expected cost and latency of one request on one target, from the capacity snapshot: queue wait when no slot is
 * free (for requests of the expected length ahead of it), cold-load time when the model is not loaded, generation at the measured (or assumed) tokens per second.
 */
record CandidateCost(double usd, long latencyMs) {

    /** Prompt processing runs about this many times faster than generation on the same hardware. */
    private static final double PREFILL_SPEEDUP = 8;

    static CandidateCost of(Target t, TargetCapacity cap, RequestFeatures f, Policy.Scoring scoring) {
        int expectedOut = expectedOutputTokens(f, scoring);
        double usd = (f.promptTokens() * t.costPer1kInput() + expectedOut * t.costPer1kOutput()) / 1000.0;
        double tps = cap.tokensPerSecond() > 0 ? cap.tokensPerSecond() : t.tokensPerSecond();
        double generationMs = 1000.0 * expectedOut / tps + 1000.0 * f.promptTokens() / (tps * PREFILL_SPEEDUP);
        // the requests ahead are typical ones, not this one: a short request still waits for a long one in flight
        double typicalMs = 1000.0 * scoring.expectedOutputTokens() / tps;
        double waitMs = cap.freeSlots() > 0 ? 0 : (cap.queued() + 0.5) * typicalMs / Math.max(1, cap.slots());
        long load = cap.coldLoadMillis() >= 0 ? cap.coldLoadMillis() : t.coldLoadMillis();
        double coldMs = switch (cap.state()) {
            case COLD -> load;
            case LOADING -> load / 2.0;
            default -> 0;
        };
        return new CandidateCost(usd, Math.round(t.firstTokenMillis() + coldMs + waitMs + generationMs));
    }

    static int expectedOutputTokens(RequestFeatures f, Policy.Scoring scoring) {
        return f.maxTokens() == null ? scoring.expectedOutputTokens()
                : Math.min(f.maxTokens(), 4 * scoring.expectedOutputTokens());
    }
}
