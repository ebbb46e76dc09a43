package dev.gatehouse.router.serving;

import dev.gatehouse.router.escalation.Cost;
import dev.gatehouse.router.policy.Decision;

/**
 * What serving one request came to, built once when it is done; the request log, the metrics and the decision log
 * read it. A failure before the response started is in {@code failure} for the HTTP layer to map.
 *
 * @param decision         the routing decision, or null when the request failed before it
 * @param dryRun           the decision was only asked for ({@code /v1/route})
 * @param promptHash       the decision log's keyed hash of the conversation, or null
 * @param tenant           the caller's tenant, or null
 * @param model            the target that answered, else the one tried or chosen; null before a decision
 * @param streamed         the client asked for server-sent events
 * @param promptTokens     -1 when unknown
 * @param completionTokens -1 when unknown
 * @param firstTokenNanos  {@link System#nanoTime()} at the first text, or -1
 * @param cost             what the answer cost, or null
 * @param promptText       only when prompts are logged
 * @param completionText   only when prompts are logged
 * @param errorCode        an error sent inside a started response, or null
 * @param clientClosed     the client went away mid-answer
 * @param failure          what ended the request before its response started, or null
 */
public record ServingOutcome(
        Decision decision,
        boolean dryRun,
        String promptHash,
        String tenant,
        String model,
        boolean streamed,
        int promptTokens,
        int completionTokens,
        long firstTokenNanos,
        Cost cost,
        String promptText,
        String completionText,
        String errorCode,
        boolean clientClosed,
        RuntimeException failure) {

    /** A request served by one model without a routing decision (embeddings). */
    public static ServingOutcome direct(String model, int promptTokens, int completionTokens) {
        return new ServingOutcome(null, false, null, null, model, false, promptTokens, completionTokens, -1, null,
                null, null, null, false, null);
    }

    /** A dry run: the decision is the answer. */
    public static ServingOutcome decided(Decision decision, String promptHash, String tenant) {
        return new ServingOutcome(decision, true, promptHash, tenant, null, false, -1, -1, -1, null, null, null,
                null, false, null);
    }

    /** Collects the facts of one chat request as it goes, on the request's thread. */
    static final class Builder {
        private final boolean streamed;
        private final String promptText;
        private Decision decision;
        private String promptHash;
        private String tenant;
        private String model;
        private volatile Cost cost; // booked by the thread that reads the answer's last event
        private ChatReply.Delivery delivery;
        private RuntimeException failure;

        Builder(boolean streamed, String promptText) {
            this.streamed = streamed;
            this.promptText = promptText;
        }

        void routed(String promptHash, String tenant) {
            this.promptHash = promptHash;
            this.tenant = tenant;
        }

        void decided(Decision decision) {
            this.decision = decision;
            this.model = decision.target(); // until another target answers: an error still names the one tried
        }

        /**
         * The request waits for review: nothing was answered, and its decision is logged once a person (or the
         * expiry) has decided, by the review lane, not now.
         */
        void held() {
            this.decision = null;
            this.model = null;
        }

        void answeredBy(String target) {
            this.model = target;
        }

        void cost(Cost cost) {
            this.cost = cost;
        }

        Cost cost() {
            return cost;
        }

        void delivered(ChatReply.Delivery delivery) {
            this.delivery = delivery;
        }

        void failed(RuntimeException failure) {
            this.failure = failure;
        }

        ServingOutcome build() {
            ChatReply.Delivery d = delivery;
            return new ServingOutcome(decision, false, promptHash, tenant, model, streamed,
                    d == null ? -1 : d.promptTokens(), d == null ? -1 : d.completionTokens(),
                    d == null ? -1 : d.firstTokenNanos(), cost, promptText, d == null ? null : d.completionText(),
                    d == null ? null : d.errorCode(), d != null && d.clientClosed(), failure);
        }
    }
}
