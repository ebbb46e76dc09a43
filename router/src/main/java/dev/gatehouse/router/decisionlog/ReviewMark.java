package dev.gatehouse.router.decisionlog;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Objects;

/**
 * How a request held for human review was decided, written beside its decision in the decision log and the audit
 * trail: who decided and when. Never prompt text; the reason is the reviewer's own words, bounded by the lane.
 *
 * @param outcome        {@code approved}, {@code rejected} or {@code expired}
 * @param rule           the policy rule that held the request
 * @param heldAt         when the request was held
 * @param decidedAt      when it was decided (or found expired)
 * @param reviewerTenant the admin key's tenant, or null (no keys, or expired)
 * @param reviewerKeyId  the admin key's public id, or null (no keys, or expired)
 * @param reason         a rejection's reason, or null
 */
public record ReviewMark(String outcome, String rule, Instant heldAt, Instant decidedAt, String reviewerTenant,
                         String reviewerKeyId, String reason) {

    public ReviewMark {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(decidedAt, "decidedAt");
    }

    /** This mark as the {@code review} object of a log line or an audit entry. */
    public void writeTo(ObjectNode review) {
        review.put("outcome", outcome).put("rule", rule).put("heldAt", heldAt == null ? null : heldAt.toString())
                .put("decidedAt", decidedAt.toString()).put("reviewerTenant", reviewerTenant)
                .put("reviewerKeyId", reviewerKeyId).put("reason", reason);
    }
}
