package dev.gatehouse.router.review;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The queue of held requests, with time stepped by hand: bounds, expiry, one decision per request, retention. */
class ReviewQueueTest {

    static final Instant T0 = Instant.parse("2026-12-06T12:00:00Z");

    static ReviewTicket ticket(String id, Duration expiresAfter) {
        var summary = new ReviewSummary("d-" + id, "acme", "restricted", List.of("CREDIT_CARD"), "general", 0.4,
                "balanced", 12, "stories", List.of("best_score"), "the prompt, logged by the operator's choice");
        return new ReviewTicket(id, ReviewStatus.PENDING, "rule", "owner", T0, T0.plus(expiresAfter), null, null,
                null, summary, null, 0, null);
    }

    static ReviewQueue.Held held() {
        return new ReviewQueue.Held(null, null, null, "hash");
    }

    @Test
    void aFullQueueRefusesTheNextRequestAndTakesOneAgainOnceOneIsDecided() {
        var queue = new ReviewQueue(2, 10);
        queue.add(ticket("a", Duration.ofMinutes(5)), held());
        queue.add(ticket("b", Duration.ofMinutes(5)), held());
        assertThatThrownBy(() -> queue.add(ticket("c", Duration.ofMinutes(5)), held()))
                .isInstanceOfSatisfying(ReviewException.class,
                        e -> assertThat(e.kind()).isEqualTo(ReviewException.Kind.QUEUE_FULL))
                .hasMessageContaining("2 requests wait");
        queue.decide("a", ReviewStatus.REJECTED, new Reviewer("ops", "k1"), "no", null, T0.plusSeconds(1));
        queue.add(ticket("c", Duration.ofMinutes(5)), held());
        assertThat(queue.pending()).isEqualTo(2);
    }

    @Test
    void aRequestPastItsDeadlineExpiresOnceAndStaysVisible() {
        var queue = new ReviewQueue(4, 10);
        queue.add(ticket("short", Duration.ofSeconds(30)), held());
        queue.add(ticket("long", Duration.ofMinutes(30)), held());

        assertThat(queue.expire(T0.plusSeconds(29))).isEmpty();
        List<ReviewQueue.Decided> expired = queue.expire(T0.plusSeconds(45)); // noticed late
        assertThat(expired).extracting(d -> d.ticket().id()).containsExactly("short");
        assertThat(expired.get(0).held().promptHash()).as("handed back to be logged").isEqualTo("hash");
        assertThat(queue.expire(T0.plusSeconds(60))).as("expired once").isEmpty();

        ReviewTicket shown = queue.get("short");
        assertThat(shown.status()).isEqualTo(ReviewStatus.EXPIRED);
        assertThat(shown.decidedAt()).as("at its deadline").isEqualTo(T0.plusSeconds(30));
        assertThat(shown.summary().promptText()).as("text is held only until decided").isNull();
        assertThat(queue.get("long").status()).isEqualTo(ReviewStatus.PENDING);
        assertThat(queue.pending()).isEqualTo(1);
    }

    @Test
    void aDecidedRequestCannotBeDecidedAgain() {
        var queue = new ReviewQueue(4, 10);
        queue.add(ticket("a", Duration.ofMinutes(5)), held());
        var approved = queue.decide("a", ReviewStatus.APPROVED, new Reviewer("ops", "k1"), null, null, T0.plusSeconds(2));
        assertThat(approved.ticket().reviewer()).isEqualTo(new Reviewer("ops", "k1"));
        assertThatThrownBy(() -> queue.decide("a", ReviewStatus.REJECTED, Reviewer.UNIDENTIFIED, null, null,
                T0.plusSeconds(3))).isInstanceOfSatisfying(ReviewException.class,
                        e -> assertThat(e.kind()).isEqualTo(ReviewException.Kind.ALREADY_DECIDED))
                .hasMessageContaining("approved already");
        assertThatThrownBy(() -> queue.decide("nope", ReviewStatus.REJECTED, Reviewer.UNIDENTIFIED, null, null, T0))
                .isInstanceOfSatisfying(ReviewException.class,
                        e -> assertThat(e.kind()).isEqualTo(ReviewException.Kind.NOT_FOUND));
    }

    @Test
    void decidedTicketsBeyondTheRetentionGoOldestFirstWhilePendingOnesStay() {
        var queue = new ReviewQueue(10, 2);
        queue.add(ticket("waiting", Duration.ofMinutes(5)), held());
        for (String id : List.of("d1", "d2", "d3")) {
            queue.add(ticket(id, Duration.ofMinutes(5)), held());
            queue.decide(id, ReviewStatus.REJECTED, Reviewer.UNIDENTIFIED, null, null, T0.plusSeconds(1));
        }
        assertThat(queue.all()).extracting(ReviewTicket::id).containsExactly("waiting", "d2", "d3");
    }

    @Test
    void anOverrideTargetStaysOnTheTicketThroughTheStoresJson() {
        var queue = new ReviewQueue(2, 10);
        queue.add(ticket("a", Duration.ofMinutes(5)), held());
        var approved = queue.decide("a", ReviewStatus.APPROVED, new Reviewer("ops", "k1"), null, "stories-2",
                T0.plusSeconds(2));
        assertThat(approved.ticket().routedTo()).isEqualTo("stories-2");
        ReviewTicket back = TicketJson.read(TicketJson.write(approved.ticket()));
        assertThat(back).isEqualTo(approved.ticket());
        assertThat(back.answered(ReviewStatus.ANSWERED, 200, null).routedTo())
                .as("a restart answers it where the admin sent it").isEqualTo("stories-2");
    }
}
