package dev.gatehouse.router.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.router.escalation.Cost;
import dev.gatehouse.router.metrics.RoutedTo;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class DecisionFeedTest {

    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    static final Instant NOON = Instant.parse("2026-12-06T11:00:00Z"); // 12:00 in Berlin

    static DecisionSummary served(String id, Instant at, String by, String cost) {
        return new DecisionSummary(id, at, by, by, RoutedTo.PROVIDER, false, 200, 10, "public", "general", List.of(),
                List.of(), Map.of(), cost == null ? null : Cost.of(cost));
    }

    @Test
    void keepsTheNewestDecisionsFirstAndDropsTheOldestBeyondItsCapacity() {
        DecisionFeed feed = new DecisionFeed(3, BERLIN);
        for (int i = 1; i <= 5; i++) {
            feed.add(served("d" + i, NOON.plusSeconds(i), "cloud/big", null));
        }

        assertThat(feed.recent(10)).extracting(DecisionSummary::id).containsExactly("d5", "d4", "d3");
        assertThat(feed.recent(2)).extracting(DecisionSummary::id).containsExactly("d5", "d4");
        assertThat(feed.version()).isEqualTo(5);
    }

    @Test
    void costTodayAddsUpPerTargetAndStartsAgainAtMidnightInTheBudgetZone() {
        DecisionFeed feed = new DecisionFeed(10, BERLIN);
        feed.add(served("a", NOON, "cloud/big", "0.25"));
        feed.add(served("b", NOON.plusSeconds(60), "cloud/big", "0.5"));
        feed.add(served("c", NOON.plusSeconds(120), "cloud/small", "0.125"));
        Instant beforeMidnight = Instant.parse("2026-12-06T22:59:59Z");
        Instant afterMidnight = Instant.parse("2026-12-06T23:00:00Z"); // midnight in Berlin, 23:00 UTC

        assertThat(feed.costOn(beforeMidnight)).containsEntry("cloud/big", Cost.of("0.75"))
                .containsEntry("cloud/small", Cost.of("0.125")).hasSize(2);
        assertThat(feed.costOn(afterMidnight)).as("a new day with no answers yet").isEmpty();

        feed.add(served("d", afterMidnight, "cloud/big", "1"));
        assertThat(feed.costOn(afterMidnight)).containsExactly(Map.entry("cloud/big", Cost.of("1")));
    }

    @Test
    void aRequestDecidedBeforeMidnightThatFinishesAfterTheFirstOfTheNewDayIsNotBookedOnTheNewDay() {
        DecisionFeed feed = new DecisionFeed(10, BERLIN);
        Instant newDay = Instant.parse("2026-12-06T23:00:01Z");
        feed.add(served("new", newDay, "cloud/big", "1"));
        feed.add(served("late", newDay.minusSeconds(2), "cloud/big", "5"));

        assertThat(feed.costOn(newDay)).containsExactly(Map.entry("cloud/big", Cost.of("1")));
    }

    @Test
    void refusedAndUnpricedRequestsCostNothing() {
        DecisionFeed feed = new DecisionFeed(10, BERLIN);
        feed.add(served("free", NOON, "stories260k", null));
        feed.add(new DecisionSummary("refused", NOON, null, null, RoutedTo.REFUSED, false, 403, 1, "restricted",
                "general", List.of(), List.of(), Map.of(), Cost.of("1")));

        assertThat(feed.costOn(NOON)).isEmpty();
        assertThat(feed.recent(5)).hasSize(2);
    }

    @Test
    void aWaitingViewWakesUpWhenADecisionArrivesAndAtOnceWhenOneAlreadyHas() throws Exception {
        DecisionFeed feed = new DecisionFeed(10, BERLIN);
        feed.add(served("seen", NOON, "cloud/big", null));
        long seen = feed.version();

        assertThat(feed.awaitNewerThan(seen - 1, Duration.ofMinutes(5))).as("already newer: no wait").isEqualTo(seen);
        CompletableFuture<Long> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return feed.awaitNewerThan(seen, Duration.ofMinutes(5));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        feed.add(served("new", NOON.plusSeconds(1), "cloud/big", null));

        assertThat(waiting.get(30, TimeUnit.SECONDS)).isEqualTo(seen + 1);
    }

    @Test
    void aWaitWithNothingNewEndsAfterItsLimit() throws Exception {
        DecisionFeed feed = new DecisionFeed(10, BERLIN);

        assertThat(feed.awaitNewerThan(0, Duration.ofMillis(20))).isZero();
    }
}
