package dev.gatehouse.router.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.router.review.ReviewStatus;
import dev.gatehouse.router.review.ReviewSummary;
import dev.gatehouse.router.review.ReviewTicket;
import dev.gatehouse.router.serving.ReviewStep;
import java.time.Instant;
import java.util.List;

/** Review tickets as JSON: what the client polls, and what an admin lists (features, never prompt text unless logged). */
final class ReviewJson {

    static final String OBJECT = "chat.completion.review";

    private ReviewJson() {}

    static String url(String id) {
        return "/v1/reviews/" + id;
    }

    /** The 202 body of a request held for review. */
    static ObjectNode held(ReviewStep.Held held) {
        ObjectNode root = OpenAiJson.MAPPER.createObjectNode();
        root.put("id", held.ticketId()).put("object", OBJECT).put("status", ReviewStatus.PENDING.wireName())
                .put("url", url(held.ticketId())).put("rule", held.rule())
                .put("expires_at", held.expiresAt().getEpochSecond());
        return root;
    }

    /**
     * What the client sees at its ticket: once answered, the chat completion itself (with the ticket under
     * {@code review}); otherwise the ticket, with an OpenAI error once it was rejected, expired or failed.
     */
    static ObjectNode forClient(ReviewTicket t) {
        if (t.status() == ReviewStatus.ANSWERED && t.answer() != null) {
            ObjectNode completion = t.answer().deepCopy();
            completion.set("review", ticket(t));
            return completion;
        }
        ObjectNode root = ticket(t);
        switch (t.status()) {
            case REJECTED -> root.set("error", OpenAiJson.error("the request was rejected by a reviewer"
                    + (t.reason() == null || t.reason().isBlank() ? "" : ": " + t.reason()),
                    ErrorMapping.INVALID_REQUEST, null, "review_rejected").get("error"));
            case EXPIRED -> root.set("error", OpenAiJson.error("nobody reviewed the request before "
                    + t.expiresAt() + "; send it again", ErrorMapping.INVALID_REQUEST, null, "review_expired")
                    .get("error"));
            case FAILED -> {
                if (t.answer() != null && t.answer().has("error")) root.set("error", t.answer().get("error"));
            }
            default -> { }
        }
        return root;
    }

    /** The ticket without the answer: id, status, times, who decided and why. */
    static ObjectNode ticket(ReviewTicket t) {
        ObjectNode root = OpenAiJson.MAPPER.createObjectNode();
        root.put("id", t.id()).put("object", OBJECT).put("status", t.status().wireName()).put("url", url(t.id()))
                .put("rule", t.rule()).put("created", t.heldAt().getEpochSecond())
                .put("expires_at", t.expiresAt().getEpochSecond()).put("decided_at", seconds(t.decidedAt()));
        if (t.reviewer() != null) {
            root.putObject("reviewer").put("tenant", t.reviewer().tenant()).put("key_id", t.reviewer().keyId());
        }
        if (t.reason() != null) root.put("reason", t.reason());
        if (t.routedTo() != null) root.put("routed_to", t.routedTo());
        return root;
    }

    /** An admin's view: the ticket, the request's features and the proposed target; the prompt only if logged. */
    static ObjectNode forAdmin(ReviewTicket t) {
        ObjectNode root = ticket(t);
        ReviewSummary s = t.summary();
        ObjectNode r = root.putObject("request");
        r.put("decision_id", s.decisionId()).put("tenant", s.tenant()).put("data_class", s.dataClass())
                .put("category", s.category()).put("difficulty", s.difficulty()).put("priority", s.priority())
                .put("prompt_tokens", s.promptTokens()).put("proposed_target", s.proposedTarget());
        s.findingTypes().forEach(r.putArray("finding_types")::add);
        s.reasons().forEach(r.putArray("reasons")::add);
        if (s.promptText() != null) r.put("prompt", s.promptText());
        if (t.answerStatus() != 0) root.put("answer_status", t.answerStatus());
        return root;
    }

    static ObjectNode list(List<ReviewTicket> tickets) {
        ObjectNode root = OpenAiJson.MAPPER.createObjectNode();
        root.put("object", "list");
        root.put("pending", tickets.stream().filter(t -> t.status() == ReviewStatus.PENDING).count());
        var data = root.putArray("data");
        for (int i = tickets.size() - 1; i >= 0; i--) data.add(forAdmin(tickets.get(i))); // newest first
        return root;
    }

    private static Long seconds(Instant at) {
        return at == null ? null : at.getEpochSecond();
    }
}
