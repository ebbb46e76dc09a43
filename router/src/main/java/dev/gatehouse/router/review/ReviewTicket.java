package dev.gatehouse.router.review;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * One held request as clients and reviewers see it, immutable; the queue replaces it as it moves on.
 *
 * @param ownerKeyId   SHA-256 of the API key that sent the request (only it may poll the ticket), or null
 * @param reviewer     who decided, or null while pending and when it expired
 * @param reason       a rejection's reason, or null
 * @param answer       once answered: the chat completion; once failed: the OpenAI error body; else null
 * @param answerStatus the answer's HTTP status, or 0 before it
 * @param routedTo     the target an approving admin sent the request to instead of the policy's choice (a human
 *                     override, recorded as feedback), or null
 */
public record ReviewTicket(String id, ReviewStatus status, String rule, String ownerKeyId, Instant heldAt,
                           Instant expiresAt, Instant decidedAt, Reviewer reviewer, String reason,
                           ReviewSummary summary, JsonNode answer, int answerStatus, String routedTo) {

    ReviewTicket decided(ReviewStatus next, Instant at, Reviewer by, String why, String overrideTarget) {
        return new ReviewTicket(id, next, rule, ownerKeyId, heldAt, expiresAt, at, by, why, summary, null, 0,
                overrideTarget);
    }

    ReviewTicket answered(ReviewStatus next, int status, JsonNode body) {
        return new ReviewTicket(id, next, rule, ownerKeyId, heldAt, expiresAt, decidedAt, reviewer, reason, summary,
                body, status, routedTo);
    }

    /** The summary without the prompt: what is kept once the request is decided. */
    ReviewTicket withoutPrompt() {
        if (summary.promptText() == null) return this;
        ReviewSummary s = summary;
        return new ReviewTicket(id, status, rule, ownerKeyId, heldAt, expiresAt, decidedAt, reviewer, reason,
                new ReviewSummary(s.decisionId(), s.tenant(), s.dataClass(), s.findingTypes(), s.category(),
                        s.difficulty(), s.priority(), s.promptTokens(), s.proposedTarget(), s.reasons(), null),
                answer, answerStatus, routedTo);
    }
}
