package dev.gatehouse.router.escalation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.inference.provider.CircuitBreaker;
import dev.gatehouse.inference.provider.CircuitBreaker.State;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Time is stepped by hand: no sleeps. */
class CircuitBreakerTest {

    static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    final CircuitBreaker breaker = new CircuitBreaker(new CircuitBreaker.Settings(3, 0.5, 10, Duration.ofMinutes(1),
            Duration.ofSeconds(30), 2));

    void fail(int n, Instant at) {
        for (int i = 0; i < n; i++) {
            assertThat(breaker.tryAcquire(at)).isTrue();
            breaker.onFailure(at);
        }
    }

    @Test
    void opensAfterThreeConsecutiveFailuresAndRefusesCallsDuringTheCooldown() {
        fail(2, T0);
        assertThat(breaker.state(T0)).isEqualTo(State.CLOSED);
        fail(1, T0);
        assertThat(breaker.state(T0)).isEqualTo(State.OPEN);
        assertThat(breaker.tryAcquire(T0.plusSeconds(29))).isFalse();
        assertThat(breaker.retryAt()).contains(T0.plusSeconds(30));
    }

    @Test
    void aSuccessResetsTheConsecutiveCount() {
        fail(2, T0);
        breaker.onSuccess(T0);
        fail(2, T0);
        assertThat(breaker.state(T0)).isEqualTo(State.CLOSED);
    }

    @Test
    void opensWhenHalfOfTenCallsInTheWindowFailEvenWithoutAStreak() {
        for (int i = 0; i < 5; i++) {
            breaker.onSuccess(T0.plusSeconds(i));
            breaker.onFailure(T0.plusSeconds(i)); // never 3 in a row
        }
        assertThat(breaker.state(T0.plusSeconds(5))).isEqualTo(State.OPEN);
    }

    @Test
    void failuresOlderThanTheWindowNoLongerCount() {
        for (int i = 0; i < 4; i++) {
            breaker.onSuccess(T0);
            breaker.onFailure(T0);
        }
        Instant later = T0.plus(Duration.ofMinutes(2));
        breaker.onSuccess(later);
        breaker.onFailure(later);
        assertThat(breaker.state(later)).as("only 2 calls in the current window").isEqualTo(State.CLOSED);
    }

    @Test
    void afterTheCooldownItLetsTwoProbesThroughAndTwoSuccessesCloseIt() {
        fail(3, T0);
        Instant after = T0.plusSeconds(30);
        assertThat(breaker.state(after)).isEqualTo(State.HALF_OPEN);
        assertThat(breaker.tryAcquire(after)).isTrue();
        assertThat(breaker.tryAcquire(after)).isTrue();
        assertThat(breaker.tryAcquire(after)).as("only two probes").isFalse();
        breaker.onSuccess(after);
        assertThat(breaker.state(after)).isEqualTo(State.HALF_OPEN);
        breaker.onSuccess(after);
        assertThat(breaker.state(after)).isEqualTo(State.CLOSED);
        assertThat(breaker.tryAcquire(after)).isTrue();
    }

    @Test
    void aFailedProbeOpensItAgainForAFullCooldown() {
        fail(3, T0);
        Instant after = T0.plusSeconds(31);
        assertThat(breaker.tryAcquire(after)).isTrue();
        breaker.onFailure(after);
        assertThat(breaker.state(after)).isEqualTo(State.OPEN);
        assertThat(breaker.tryAcquire(after.plusSeconds(29))).isFalse();
        assertThat(breaker.tryAcquire(after.plusSeconds(30))).isTrue();
    }

    @Test
    void aNeutralProbeOutcomeFreesItsSlot() {
        fail(3, T0);
        Instant after = T0.plusSeconds(30);
        assertThat(breaker.tryAcquire(after)).isTrue();
        assertThat(breaker.tryAcquire(after)).isTrue();
        breaker.onNeutral();
        assertThat(breaker.tryAcquire(after)).isTrue();
    }
}
