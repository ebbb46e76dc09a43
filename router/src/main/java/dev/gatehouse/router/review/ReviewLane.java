package dev.gatehouse.router.review;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.router.decisionlog.Outcome;
import dev.gatehouse.router.decisionlog.ReviewMark;
import dev.gatehouse.router.feedback.Feedback;
import dev.gatehouse.router.metrics.GatehouseMetrics;
import dev.gatehouse.router.policy.Decision;
import dev.gatehouse.router.policy.Policy;
import dev.gatehouse.router.policy.Rule;
import dev.gatehouse.router.policy.Target;
import dev.gatehouse.router.routing.RequestRouter;
import dev.gatehouse.router.serving.Caller;
import dev.gatehouse.router.serving.ChatCall;
import dev.gatehouse.router.serving.ChatCompletionRequest;
import dev.gatehouse.router.serving.ReviewStep;
import dev.gatehouse.router.serving.ServingOutcome;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.logging.Logger;

/**
 * The human-review lane: a policy rule with {@code review} holds a decided request here instead of answering it;
 * the client gets a ticket to poll; an admin approves it (it is then routed again and answered, off the client's
 * connection) or rejects it; one nobody decides expires at its deadline. Each request's decision is logged once,
 * when it is decided, with who decided and when ({@link ReviewMark}). With a store ({@code review.store}) every
 * step is written before it is acknowledged, and a restart picks up where the last process stopped
 * ({@link LaneRestore}); without one, pending requests live in memory only.
 */
public final class ReviewLane implements ReviewStep {

    private static final Logger LOG = Logger.getLogger(ReviewLane.class.getName());

    /** Longest rejection reason kept, in characters. */
    public static final int MAX_REASON = 500;
    /** The feedback label of a request an admin approved to another target. */
    public static final String OVERRIDE_LABEL = "override";

    /** What the lane needs of the serving path: answer an approved request, and bring a stored one back. */
    public interface Answerer {
        /** Serves an approved request to the end, without the review step, and says what came of it. */
        Answer answer(ChatCall call, Caller caller);

        /** A stored request's body parsed again after a restart, as the chat endpoint parses one. */
        ChatCompletionRequest parse(JsonNode body);

        /** The decision for a request held before a restart, made again without serving: its log line needs one. */
        Decision decide(ChatCall call, Caller caller);
    }

    /**
     * @param outcome what serving came to (its decision is the new one)
     * @param status  the HTTP status the client would have seen
     * @param body    the chat completion, or the OpenAI error body
     * @param error   the error code, or null
     */
    public record Answer(ServingOutcome outcome, int status, JsonNode body, String error) {}

    final RequestRouter router;
    final Answerer answerer;
    final Clock clock;
    private final boolean logPrompts;
    final ReviewSettings settings;
    final ReviewQueue queue;
    /** Null without {@code review.store}: nothing survives a restart. */
    final ReviewStore store;
    private final AtomicLong approved = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    final AtomicLong expired = new AtomicLong();
    private volatile List<String> startupNotes = List.of();

    private ReviewLane(RequestRouter router, Answerer answerer, Clock clock, boolean logPrompts,
            ReviewSettings settings, ReviewStore store) {
        this.router = Objects.requireNonNull(router, "router");
        this.answerer = Objects.requireNonNull(answerer, "answerer");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.logPrompts = logPrompts;
        this.settings = Objects.requireNonNull(settings, "settings");
        this.queue = new ReviewQueue(settings.maxPending(), settings.maxKept());
        this.store = store;
    }

    /**
     * Starts the lane. With a store, what the last process left is taken up again: pending requests wait again
     * (those past their deadline expire, logged), approved ones it had not answered are answered now.
     *
     * @throws dev.gatehouse.manifest.ConfigException under {@code review.store} when the store cannot be used
     */
    public static ReviewLane start(RequestRouter router, Answerer answerer, Clock clock, boolean logPrompts,
            ReviewSettings settings) {
        ReviewStore store = settings.durable() ? ReviewStore.open(settings.store()) : null;
        var lane = new ReviewLane(router, answerer, clock, logPrompts, settings, store);
        lane.startupNotes = store == null ? List.of("review lane: no review.store configured, so pending reviews are "
                + "kept in memory only and do not survive a restart")
                : new LaneRestore(lane).run();
        return lane;
    }

    /** What starting found, one line each, for the server to print (warnings start with "warning:"). */
    public List<String> startupNotes() {
        return startupNotes;
    }

    @Override
    public Held hold(ChatCall call, Caller caller, Decision decision, String promptHash) {
        Rule rule = Rule.reviewing(router.policyFor(decision), decision).orElse(null);
        if (rule == null) return null;
        Instant now = sweep();
        var ticket = new ReviewTicket("rev-" + UUID.randomUUID(), ReviewStatus.PENDING, rule.name(),
                caller.apiKeyId(), now, now.plus(expiry(rule)), null, null, null,
                ReviewSummary.of(decision, logPrompts ? call.request().promptText() : null), null, 0, null);
        queue.add(ticket, new ReviewQueue.Held(call, caller, decision, promptHash));
        if (store != null) {
            try {
                store.held(ticket, StoredRequest.of(call, caller, promptHash));
            } catch (UncheckedIOException e) { // a ticket that would not survive a restart is not handed out
                queue.remove(ticket.id());
                throw storeFailed(e);
            }
        }
        return new Held(ticket.id(), rule.name(), ticket.expiresAt());
    }

    @Override
    public Hold wouldHold(Decision decision) {
        Rule rule = Rule.reviewing(router.policyFor(decision), decision).orElse(null);
        return rule == null ? null : new Hold(rule.name(), decision.targetsInOrder(), expiry(rule));
    }

    /** The rule's own expiry, else the server's {@code review.defaultExpiry}. */
    private Duration expiry(Rule rule) {
        return rule.review().expiresAfter() != null ? rule.review().expiresAfter() : settings.defaultExpiry();
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
        return approve(id, reviewer, null);
    }

    /**
     * Approves a pending request and sends it to {@code routeTo} instead of where the policy would: a human
     * override. The request is pinned to that target with fallbacks off, so the policy's privacy gates still decide
     * whether it may go there (an override cannot send restricted data outside); once answered, the override is
     * recorded as feedback on the logged decision ({@code preferred_target}, label {@value #OVERRIDE_LABEL}, by the
     * reviewer's tenant), which {@code train-router --feedback} learns from.
     *
     * @param routeTo a target of the live policy, or null for the policy's own choice
     */
    public ReviewTicket approve(String id, Reviewer reviewer, String routeTo) {
        if (routeTo != null) requireTarget(routeTo);
        Instant now = sweep();
        ReviewQueue.Decided d = stored(queue.decide(id, ReviewStatus.APPROVED, reviewer, null, routeTo, now));
        approved.incrementAndGet();
        answerLater(d);
        return d.ticket();
    }

    /** Rejects a pending request with a reason (at most {@link #MAX_REASON} characters). */
    public ReviewTicket reject(String id, Reviewer reviewer, String reason) {
        if (reason != null && reason.length() > MAX_REASON) {
            throw new ReviewException(ReviewException.Kind.INVALID, "reason", "reason must be at most " + MAX_REASON
                    + " characters, was " + reason.length());
        }
        Instant now = sweep();
        ReviewQueue.Decided d = stored(queue.decide(id, ReviewStatus.REJECTED, reviewer, reason, null, now));
        forget(d.ticket().id());
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

    /** Expires what is due, storing and logging each; returns the time it used. */
    Instant sweep() {
        Instant now = clock.instant();
        for (ReviewQueue.Decided d : queue.expire(now)) {
            expired.incrementAndGet();
            if (storeQuietly(d.ticket())) forget(d.ticket().id()); // else the next start expires it again
            logUnanswered(d, 408, "review_expired");
        }
        return now;
    }

    /** A decision written to the store before anyone is told of it; put back and refused if it cannot be. */
    private ReviewQueue.Decided stored(ReviewQueue.Decided d) {
        if (store == null) return d;
        try {
            store.decided(d.ticket());
        } catch (UncheckedIOException e) {
            queue.undo(d);
            throw storeFailed(e);
        }
        compactWhenDue();
        return d;
    }

    void answerLater(ReviewQueue.Decided d) {
        Thread.ofVirtual().name("review-answer-" + d.ticket().id()).start(() -> answer(d));
    }

    /** A target id the live policy has, or an INVALID error naming {@code target} (it lists targets, not the value). */
    private void requireTarget(String routeTo) {
        Policy policy = router.policy();
        if (policy.target(routeTo).isPresent()) return;
        String known = policy.targets().stream().map(Target::id).limit(20).collect(Collectors.joining(", "));
        throw new ReviewException(ReviewException.Kind.INVALID, "target", "target must be one of the policy's "
                + "targets: " + known);
    }

    /** The held call, pinned to the override target with fallbacks off when there is one. */
    private static ChatCall routed(ChatCall call, String routeTo) {
        if (routeTo == null) return call;
        return new ChatCall(call.requestId(), call.request().withModel(routeTo), call.priority(),
                call.declaredClass(), false, call.clientAddress(), call.body());
    }

    private void answer(ReviewQueue.Decided d) {
        long start = System.nanoTime();
        ReviewTicket t = d.ticket();
        Answer a;
        try {
            a = answerer.answer(routed(d.held().call(), t.routedTo()), d.held().caller());
        } catch (RuntimeException e) { // the answerer maps failures itself; this is a bug, shown on the ticket
            finish(t, ReviewStatus.FAILED, 500, null);
            throw e;
        }
        finish(t, a.status() == 200 ? ReviewStatus.ANSWERED : ReviewStatus.FAILED, a.status(), a.body());
        ServingOutcome s = a.outcome();
        Decision decision = s.decision() != null ? s.decision() : d.held().decision();
        long firstToken = s.firstTokenNanos();
        boolean answered = a.status() == 200 && s.model() != null;
        var outcome = new Outcome(false, answered ? s.model() : null, a.status(),
                Duration.ofNanos(System.nanoTime() - start).toMillis(),
                firstToken < 0 ? -1 : Duration.ofNanos(firstToken - start).toMillis(), s.promptTokens(),
                s.completionTokens(), 0, a.error(), s.cost());
        router.finished(decision, outcome, d.held().promptHash(), mark(t));
        if (t.routedTo() != null) recordOverride(decision, t);
    }

    /** The override as feedback on the logged decision; without a decision log it has nothing to attach to. */
    private void recordOverride(Decision decision, ReviewTicket t) {
        Reviewer r = t.reviewer() == null ? Reviewer.UNIDENTIFIED : t.reviewer();
        var feedback = new Feedback(decision.id(), null, t.routedTo(), OVERRIDE_LABEL, r.tenant(), clock.instant());
        try {
            if (!router.recordFeedback(decision.arm(), feedback)) {
                LOG.warning("review " + t.id() + ": approved to " + t.routedTo() + ", but the override is not "
                        + "recorded as feedback: this server keeps no decision log (decisionLog in gatehouse.yaml)");
            }
        } catch (IOException | UncheckedIOException e) {
            LOG.warning("review " + t.id() + ": the override to " + t.routedTo() + " could not be written to the "
                    + "feedback log (" + e.getMessage() + ")");
        }
    }

    /** The answer on the ticket, in the store too; then the request's text leaves the disk. */
    void finish(ReviewTicket approvedTicket, ReviewStatus next, int status, JsonNode body) {
        ReviewTicket done = queue.answered(approvedTicket.id(), next, status, body);
        // the request's file goes only once its answer is stored: else the next start answers it again
        ReviewTicket answered = done != null ? done : approvedTicket.answered(next, status, body);
        if (storeQuietly(answered)) forget(approvedTicket.id());
    }

    /**
     * Stores a state nobody waits on (an answer, an expiry): a failure is logged, and the request's file stays for
     * the next start to do it again.
     *
     * @return whether it was stored (true without a store: there is nothing to keep)
     */
    boolean storeQuietly(ReviewTicket t) {
        if (store == null) return true;
        try {
            store.decided(t);
            compactWhenDue();
            return true;
        } catch (UncheckedIOException e) {
            LOG.warning("review store: " + e.getMessage() + " (" + e.getCause() + "); ticket " + t.id() + " is "
                    + t.status().wireName() + " in memory only");
            return false;
        }
    }

    void forget(String ticketId) {
        if (store == null) return;
        try {
            store.forget(ticketId);
        } catch (UncheckedIOException e) {
            LOG.warning("review store: " + e.getMessage() + " (" + e.getCause() + ")");
        }
    }

    /**
     * Rewrites the outcomes file once it holds twice the tickets kept: each ticket adds at most two lines, so the
     * file stays within a few times {@code maxKept} and the rewrite costs O(1) per decision, amortized.
     */
    private void compactWhenDue() {
        synchronized (store) { // no append can slip between the list of kept tickets and the rewrite
            if (store.lines() > 2 * settings.maxKept()) store.compact(queue.decided());
        }
    }

    private static ReviewException storeFailed(UncheckedIOException e) {
        return new ReviewException(ReviewException.Kind.STORE_UNAVAILABLE, null, "the review store cannot be "
                + "written (" + e.getCause().getClass().getSimpleName() + "); nothing was changed, retry later");
    }

    /** The decision log line of a request that was never answered (rejected or expired). */
    void logUnanswered(ReviewQueue.Decided d, int status, String error) {
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
