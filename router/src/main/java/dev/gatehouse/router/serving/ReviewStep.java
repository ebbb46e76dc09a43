package dev.gatehouse.router.serving;

import dev.gatehouse.router.policy.Decision;
import java.time.Instant;

/**
 * The step of {@link ChatServing#serve} that may hold a decided request for a person's approval instead of
 * answering it (the review lane, {@code dev.gatehouse.router.review}). Serving without one answers everything.
 */
public interface ReviewStep {

    /** Answers every request: no rule holds anything. */
    ReviewStep NONE = (call, caller, decision, promptHash) -> null;

    /**
     * Holds the request when a policy rule asks for review.
     *
     * @param promptHash the decision log's keyed hash of the conversation, or null
     * @return the ticket the client polls, or null to answer the request now
     */
    Held hold(ChatCall call, Caller caller, Decision decision, String promptHash);

    /**
     * What {@link #hold} would do with this decision, holding nothing: for the dry run ({@code /v1/route}).
     *
     * @return the hold, or null when the request would be answered now
     */
    default Hold wouldHold(Decision decision) {
        return null;
    }

    /**
     * A request a rule would hold for review.
     *
     * @param rule         the policy rule that would hold it
     * @param releasedTo   where it goes once approved, as decided now (it is routed again on approval)
     * @param expiresAfter how long it would wait for a person
     */
    record Hold(String rule, java.util.List<String> releasedTo, java.time.Duration expiresAfter) {
        public Hold {
            releasedTo = java.util.List.copyOf(releasedTo);
        }
    }

    /**
     * A request waiting for review.
     *
     * @param ticketId  the ticket's id, which the client polls at {@code /v1/reviews/{id}}
     * @param rule      the policy rule that asked for review
     * @param expiresAt when it expires unless decided before
     */
    record Held(String ticketId, String rule, Instant expiresAt) {}
}
