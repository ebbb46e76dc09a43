package dev.gatehouse.router.review;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.router.policy.Decision;
import dev.gatehouse.router.serving.Caller;
import dev.gatehouse.router.serving.ChatCall;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The held requests, in memory and bounded (the lane mirrors them into its store when one is configured): at most {@code maxPending} wait at once, and at most {@code maxKept}
 * decided tickets stay visible (the oldest decided one goes first). A request's text (its {@link ChatCall}) is held
 * only until it is decided. Time is an argument of every step, so tests step it by hand; callers sweep expired
 * requests with {@link #expire} before they read, and each expired one is handed back to be logged, never dropped.
 */
final class ReviewQueue {

    /** What is held until a decision: what serving the request needs, and what its log line needs. */
    record Held(ChatCall call, Caller caller, Decision decision, String promptHash) {}

    /**
     * A request that left the queue's waiting room, with what its log line and (when approved) its answer need.
     *
     * @param before the ticket as it waited, to put back if the decision cannot be stored
     */
    record Decided(ReviewTicket ticket, Held held, ReviewTicket before) {}

    private final int maxPending;
    private final int maxKept;
    private final Map<String, ReviewTicket> tickets = new LinkedHashMap<>(); // insertion order: oldest first
    private final Map<String, Held> held = new LinkedHashMap<>();

    ReviewQueue(int maxPending, int maxKept) {
        if (maxPending < 1 || maxKept < 1) {
            throw new IllegalArgumentException("maxPending and maxKept must be >= 1, were " + maxPending + ", "
                    + maxKept);
        }
        this.maxPending = maxPending;
        this.maxKept = maxKept;
    }

    synchronized ReviewTicket add(ReviewTicket ticket, Held request) {
        if (held.size() >= maxPending) {
            throw new ReviewException(ReviewException.Kind.QUEUE_FULL, null, "the review queue is full ("
                    + maxPending + " requests wait for a reviewer); retry later");
        }
        tickets.put(ticket.id(), ticket);
        held.put(ticket.id(), request);
        return ticket;
    }

    /** Every pending request whose deadline is not after {@code now}, now {@link ReviewStatus#EXPIRED}. */
    synchronized List<Decided> expire(Instant now) {
        List<Decided> expired = new ArrayList<>();
        for (var it = held.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            ReviewTicket t = tickets.get(e.getKey());
            if (!t.expiresAt().isAfter(now)) {
                it.remove();
                // decided at its deadline, however late the sweep noticed
                expired.add(new Decided(keep(t.decided(ReviewStatus.EXPIRED, t.expiresAt(), null, null, null)),
                        e.getValue(), t));
            }
        }
        return expired;
    }

    /** Moves a pending request on; its text leaves the queue with the returned value. */
    synchronized Decided decide(String id, ReviewStatus next, Reviewer by, String reason, String routedTo,
            Instant now) {
        ReviewTicket t = tickets.get(id);
        if (t == null) throw notFound(id);
        Held request = held.remove(id);
        if (request == null) {
            throw new ReviewException(ReviewException.Kind.ALREADY_DECIDED, null, "review " + id + " is "
                    + t.status().wireName() + " already" + (t.decidedAt() == null ? "" : " (since " + t.decidedAt()
                    + ")") + "; only a pending request can be approved or rejected");
        }
        return new Decided(keep(t.decided(next, now, by, reason, routedTo)), request, t);
    }

    /** The answer of an approved request. */
    synchronized ReviewTicket answered(String id, ReviewStatus next, int status, JsonNode body) {
        ReviewTicket t = tickets.get(id);
        if (t == null) return null; // pushed out by newer decisions while it was answered
        ReviewTicket done = t.answered(next, status, body);
        tickets.put(id, done);
        return done;
    }

    /** Takes back a request whose hold could not be stored: the client gets an error instead of a ticket. */
    synchronized void remove(String id) {
        held.remove(id);
        tickets.remove(id);
    }

    /**
     * Puts a decision back that could not be stored: the request waits again as it did before, and the admin is
     * told, rather than a restart bringing back a request everyone saw decided.
     */
    synchronized void undo(Decided d) {
        tickets.put(d.before().id(), d.before());
        held.put(d.before().id(), d.held());
    }

    /** A request held before a restart, waiting again (the bound is not applied: it was within it when held). */
    synchronized void restorePending(ReviewTicket ticket, Held request) {
        tickets.put(ticket.id(), ticket);
        held.put(ticket.id(), request);
    }

    /** A ticket decided before a restart, kept for its client as it was before. */
    synchronized void restoreDecided(ReviewTicket ticket) {
        keep(ticket);
    }

    /** The decided tickets kept, oldest first: what the store keeps after it is compacted. */
    synchronized List<ReviewTicket> decided() {
        return tickets.values().stream().filter(t -> !held.containsKey(t.id())).toList();
    }

    synchronized ReviewTicket get(String id) {
        ReviewTicket t = tickets.get(id);
        if (t == null) throw notFound(id);
        return t;
    }

    /** Every ticket, oldest first. */
    synchronized List<ReviewTicket> all() {
        return List.copyOf(tickets.values());
    }

    synchronized int pending() {
        return held.size();
    }

    /** Stores a decided ticket (without the prompt) and lets the oldest decided ones go past {@code maxKept}. */
    private ReviewTicket keep(ReviewTicket decided) {
        ReviewTicket t = decided.withoutPrompt();
        tickets.put(t.id(), t);
        int surplus = tickets.size() - held.size() - maxKept;
        for (var it = tickets.entrySet().iterator(); surplus > 0 && it.hasNext(); ) {
            var e = it.next();
            if (!held.containsKey(e.getKey()) && e.getValue() != t) {
                it.remove();
                surplus--;
            }
        }
        return t;
    }

    private static ReviewException notFound(String id) {
        String shown = id.length() > 64 ? id.substring(0, 32) + "… (" + id.length() + " characters)" : id;
        return new ReviewException(ReviewException.Kind.NOT_FOUND, null, "no review ticket '" + shown + "'");
    }
}
