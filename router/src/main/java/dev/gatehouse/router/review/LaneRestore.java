package dev.gatehouse.router.review;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.router.policy.Decision;
import dev.gatehouse.router.policy.Tenant;
import dev.gatehouse.router.serving.Caller;
import dev.gatehouse.router.serving.ChatCall;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A durable lane's start: what the last process left in the store is taken up again. Decided tickets are kept for
 * their clients; held requests wait again under the current policy (their tenant looked up again, their decision
 * made again without serving, since the log line written when they are decided needs one); approved ones whose
 * answer was never stored are answered now; then the sweep expires, logs and deletes those past their deadline, and
 * the outcomes file is compacted.
 */
final class LaneRestore {

    private final ReviewLane lane;
    private final ReviewStore store;

    LaneRestore(ReviewLane lane) {
        this.lane = lane;
        this.store = lane.store;
    }

    /** @return the lines the server prints at startup */
    List<String> run() {
        List<String> warnings = new ArrayList<>();
        ReviewStore.Contents found;
        try {
            found = store.read();
        } catch (UncheckedIOException e) {
            throw new dev.gatehouse.manifest.ConfigException("review store", List.of(new dev.gatehouse.manifest
                    .Violation("review.store", e.getMessage() + " (" + e.getCause() + ")")));
        }
        found.unreadable().forEach(u -> warnings.add("warning: review store: skipped " + u));
        var pendingIds = new java.util.HashSet<String>();
        found.pending().forEach(p -> pendingIds.add(p.ticket().id()));
        for (ReviewTicket t : found.outcomes().values()) {
            if (t.status() != ReviewStatus.APPROVED) {
                lane.queue.restoreDecided(t);
            } else if (!pendingIds.contains(t.id())) { // approved, but neither its answer nor its request was kept
                warnings.add("warning: review " + t.id() + " was approved but its request is gone from the store; "
                        + "its client sees it failed");
                fail(t, "its request was not kept in the review store");
            }
        }
        int waiting = 0;
        int resumed = 0;
        for (ReviewStore.Pending p : found.pending()) {
            ReviewTicket last = found.outcomes().get(p.ticket().id());
            if (last != null && last.status() != ReviewStatus.APPROVED) { // decided; its file was left behind
                lane.forget(p.ticket().id());
                continue;
            }
            ReviewQueue.Held held;
            try {
                held = held(p.request());
            } catch (RuntimeException e) {
                String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                warnings.add("warning: review " + p.ticket().id() + " cannot be taken up again (" + brief(why)
                        + "); its client sees it failed");
                fail(last != null ? last : p.ticket(), why);
                continue;
            }
            if (last != null) { // approved before the stop, its answer never stored: answer it now
                lane.queue.restoreDecided(last);
                lane.answerLater(new ReviewQueue.Decided(last, held, p.ticket()));
                resumed++;
            } else {
                lane.queue.restorePending(p.ticket(), held);
                waiting++;
            }
        }
        long expiredBefore = lane.expired.get();
        lane.sweep();
        long expired = lane.expired.get() - expiredBefore;
        store.compact(lane.queue.decided());
        List<String> notes = new ArrayList<>();
        notes.add("review lane: held requests are kept in " + store.dir().toAbsolutePath() + " (it holds prompt "
                + "text; files 0600): " + (waiting - expired) + " waiting again, " + expired + " expired while the "
                + "server was stopped, " + resumed + " approved ones answered now, " + lane.queue.decided().size()
                + " decided kept");
        notes.addAll(warnings);
        return notes;
    }

    /** The request as it was held, its caller under today's policy, its decision made again without serving. */
    private ReviewQueue.Held held(StoredRequest r) {
        Tenant tenant = null;
        if (r.tenant() != null) {
            // the tenant's data class and rules are part of how the request is served: without them it is not
            tenant = lane.router.policy().tenant(r.tenant()).orElseThrow(() -> new IllegalStateException(
                    "its tenant '" + brief(r.tenant()) + "' is no longer in the policy"));
        }
        Caller caller = new Caller(r.apiKeyId(), tenant);
        ChatCall call = new ChatCall(r.requestId(), lane.answerer.parse(r.body()), r.priority(), r.declaredClass(),
                r.fallbacks(), r.clientAddress(), r.body());
        Decision decision = lane.answerer.decide(call, caller);
        return new ReviewQueue.Held(call, caller, decision, r.promptHash());
    }

    /** A request that cannot be served any more: its ticket says so, and its text leaves the disk. */
    private void fail(ReviewTicket t, String why) {
        Instant now = lane.clock.instant();
        ReviewTicket decided = t.status() == ReviewStatus.PENDING
                ? t.decided(ReviewStatus.FAILED, now, null, null, null) : t;
        ObjectNode error = TicketJson.MAPPER.createObjectNode();
        error.putObject("error").put("message", "the request was held before a restart and cannot be served now: "
                + brief(why) + "; send it again").put("type", "server_error").put("code", "review_not_restored");
        ReviewTicket failed = decided.answered(ReviewStatus.FAILED, 500, error);
        lane.queue.restoreDecided(failed);
        if (lane.storeQuietly(failed)) lane.forget(t.id());
    }

    private static String brief(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "…";
    }
}
