package dev.gatehouse.router.review;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.router.decisionlog.Outcome;
import dev.gatehouse.router.decisionlog.ReviewMark;
import dev.gatehouse.router.metrics.GatehouseMetrics;
import dev.gatehouse.router.policy.Decision;
import dev.gatehouse.router.policy.Rule;
import dev.gatehouse.router.routing.RequestRouter;
import dev.gatehouse.router.serving.Caller;
import dev.gatehouse.router.serving.ChatCall;
import dev.gatehouse.router.serving.ReviewStep;
import dev.gatehouse.router.serving.ServingOutcome;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The human-review lane: a policy rule with {@code review} holds a decided request here instead of answering it;
 * the client gets a ticket to poll; an admin approves it (it is then routed again and answered, off the client's
 * connection) or rejects it; one nobody decides expires at its deadline. Each request's decision is logged once,
 * when it is decided, with who decided and when ({@link ReviewMark}).
 */
public final class ReviewLane implements ReviewStep {

    /** Requests waiting at once; one more is refused with 503. */
    public static final int DEFAULT_MAX_PENDING = 256;
    /** Decided tickets kept for clients to fetch their outcome. */
    public static final int DEFAULT_MAX_KEPT = 1024;
    /** Longest rejection reason kept, in characters. */
    public static final int MAX_REASON = 500;

    /** Serves an approved request to the end, without the review step, and says what came of it. */
    @FunctionalInterface
    public interface Answerer {
        Answer answer(ChatCall call, Caller caller);
    }

    /**
     * @param outcome what serving came to (its decision is the new one)
     * @param status  the HTTP status the client would have seen
     * @param body    the chat completion, or the OpenAI error body
     * @param error   the error code, or null
     */
    public record Answer(ServingOutcome outcome, int status, JsonNode body, String error) {}

    private final RequestRouter router;
    private final Answerer answerer;
    private final Clock clock;
    private final boolean logPrompts;
    private final ReviewQueue queue;
    private final AtomicLong approved = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong expired = new AtomicLong();

    public ReviewLane(RequestRouter router, Answerer answerer, Clock clock, boolean logPrompts, int maxPending,
            int maxKept) {
        this.router = Objects.requireNonNull(router, "router");
        this.answerer = Objects.requireNonNull(answerer, "answerer");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.logPrompts = logPrompts;
        this.queue = new ReviewQueue(maxPending, maxKept);
    }

    @Override
    public Held hold(ChatCall call, Caller caller, Decision decision, String promptHash) {
        Rule rule = Rule.reviewing(router.policy(), decision).orElse(null);
        if (rule == null) return null;
        Instant now = sweep();
        var ticket = new ReviewTicket("rev-" + UUID.randomUUID(), ReviewStatus.PENDING, rule.name(),
                caller.apiKeyId(), now, now.plus(rule.review().expiresAfter()), null, null, null,
                ReviewSummary.of(decision, logPrompts ? call.request().promptText() : null), null, 0);
        queue.add(ticket, new ReviewQueue.Held(call, caller, decision, promptHash));
        return new Held(ticket.id(), rule.name(), ticket.expiresAt());
    }

    /** Every ticket kept, pending and decided, oldest first. */
    public List<ReviewTicket> list() {
        sweep();
        return queue.all();
    }

    /** One ticket, for an admin. */
    public ReviewTicket ticket(String id) {
        sweep();
        return queue.get(id);
    }

    /** One ticket, for the client that sent the request: another caller's ticket does not exist for it. */
    public ReviewTicket ticketOf(String id, Caller caller) {
        ReviewTicket t = ticket(id);
        if (t.ownerKeyId() != null && !t.ownerKeyId().equals(caller.apiKeyId())) {
            throw new ReviewException(ReviewException.Kind.NOT_FOUND, null, "no review ticket '" + id + "'");
        }
        return t;
    }

    /** Approves a pending request; it is routed and answered on a thread of its own, the ticket then holds it. */
    public ReviewTicket approve(String id, Reviewer reviewer) {
        Instant now = sweep();
        ReviewQueue.Decided d = queue.decide(id, ReviewStatus.APPROVED, reviewer, null, now);
        approved.incrementAndGet();
        Thread.ofVirtual().name("review-answer-" + id).start(() -> answer(d));
        return d.ticket();
    }

    /** Rejects a pending request with a reason (at most {@link #MAX_REASON} characters). */
    public ReviewTicket reject(String id, Reviewer reviewer, String reason) {
        if (reason != null && reason.length() > MAX_REASON) {
            throw new ReviewException(ReviewException.Kind.INVALID, "reason", "reason must be at most " + MAX_REASON
                    + " characters, was " + reason.length());
        }
        Instant now = sweep();
        ReviewQueue.Decided d = queue.decide(id, ReviewStatus.REJECTED, reviewer, reason, now);
        rejected.incrementAndGet();
        logUnanswered(d, 403, "review_rejected");
        return d.ticket();
    }

    /** Requests waiting now (expired ones swept first). */
    public int pending() {
        sweep();
        return queue.pending();
    }

    /** {@code gatehouse_reviews_pending} and {@code gatehouse_reviews_decided_total{outcome}}. */
    public void register(GatehouseMetrics metrics) {
        metrics.gauge("gatehouse.reviews.pending", "Requests waiting for human review", this::pending);
        metrics.counter("gatehouse.reviews.decided", "Requests held for review, by how they were decided",
                "outcome", "approved", approved::get);
        metrics.counter("gatehouse.reviews.decided", "Requests held for review, by how they were decided",
                "outcome", "rejected", rejected::get);
        metrics.counter("gatehouse.reviews.decided", "Requests held for review, by how they were decided",
                "outcome", "expired", () -> {
                    sweep();
                    return expired.get();
                });
    }

    /** Expires what is due, logging each; returns the time it used. */
    private Instant sweep() {
        Instant now = clock.instant();
        for (ReviewQueue.Decided d : queue.expire(now)) {
            expired.incrementAndGet();
            logUnanswered(d, 408, "review_expired");
        }
        return now;
    }

    private void answer(ReviewQueue.Decided d) {
        long start = System.nanoTime();
        ReviewTicket t = d.ticket();
        Answer a;
        try {
            a = answerer.answer(d.held().call(), d.held().caller());
        } catch (RuntimeException e) { // the answerer maps failures itself; this is a bug, shown on the ticket
            queue.answered(t.id(), ReviewStatus.FAILED, 500, null);
            throw e;
        }
        queue.answered(t.id(), a.status() == 200 ? ReviewStatus.ANSWERED : ReviewStatus.FAILED, a.status(),
                a.body());
        ServingOutcome s = a.outcome();
        Decision decision = s.decision() != null ? s.decision() : d.held().decision();
        long firstToken = s.firstTokenNanos();
        boolean answered = a.status() == 200 && s.model() != null;
        var outcome = new Outcome(false, answered ? s.model() : null, a.status(),
                Duration.ofNanos(System.nanoTime() - start).toMillis(),
                firstToken < 0 ? -1 : Duration.ofNanos(firstToken - start).toMillis(), s.promptTokens(),
                s.completionTokens(), 0, a.error(), s.cost());
        router.finished(decision, outcome, d.held().promptHash(), mark(t));
    }

    /** The decision log line of a request that was never answered (rejected or expired). */
    private void logUnanswered(ReviewQueue.Decided d, int status, String error) {
        ReviewTicket t = d.ticket();
        long waitedMs = Duration.between(t.heldAt(), t.decidedAt()).toMillis();
        router.finished(d.held().decision(), new Outcome(false, null, status, waitedMs, -1, -1, -1, 0, error),
                d.held().promptHash(), mark(t));
    }

    private static ReviewMark mark(ReviewTicket t) {
        Reviewer r = t.reviewer() == null ? Reviewer.UNIDENTIFIED : t.reviewer();
        return new ReviewMark(t.status() == ReviewStatus.REJECTED ? "rejected"
                : t.status() == ReviewStatus.EXPIRED ? "expired" : "approved", t.rule(), t.heldAt(), t.decidedAt(),
                r.tenant(), r.keyId(), t.reason());
    }
}
