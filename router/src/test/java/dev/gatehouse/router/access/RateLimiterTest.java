package dev.gatehouse.router.access;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.router.pools.MovableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

    final MovableClock clock = new MovableClock(Instant.parse("2026-12-06T12:00:00Z"));

    @Test
    void aKeyGetsItsRequestsPerMinuteThenWaitsForTheBucketToRefill() {
        var limiter = new RateLimiter(Map.of("k", new RateLimit(3, null, null)), clock);
        for (int i = 0; i < 3; i++) assertThat(limiter.admit("k", false)).isNull();
        RateLimiter.Refusal refusal = limiter.admit("k", false);
        assertThat(refusal.code()).isEqualTo("requests_per_minute_exceeded");
        assertThat(refusal.retryAfter()).isEqualTo(Duration.ofSeconds(20)); // 3 a minute: one every 20 s
        clock.move(Duration.ofSeconds(19));
        assertThat(limiter.admit("k", false)).isNotNull();
        clock.move(Duration.ofSeconds(1));
        assertThat(limiter.admit("k", false)).isNull();
        assertThat(limiter.admit("k", false)).isNotNull();
    }

    @Test
    void keysHaveBucketsOfTheirOwn() {
        var limiter = new RateLimiter(Map.of("a", new RateLimit(1, null, null), "b", new RateLimit(1, null, null)),
                clock);
        assertThat(limiter.admit("a", false)).isNull();
        assertThat(limiter.admit("a", false)).isNotNull();
        assertThat(limiter.admit("b", false)).isNull();
    }

    @Test
    void tokensAreChargedAfterTheAnswerAndBlockUntilRepaid() {
        var limiter = new RateLimiter(Map.of("k", new RateLimit(null, 600, null)), clock);
        assertThat(limiter.admit("k", false)).isNull();
        limiter.charge("k", 900); // 300 in debt
        RateLimiter.Refusal refusal = limiter.admit("k", false);
        assertThat(refusal.code()).isEqualTo("tokens_per_minute_exceeded");
        // 301 tokens at 10 a second
        assertThat(refusal.retryAfter()).isEqualTo(Duration.ofMillis(30_100));
        clock.move(Duration.ofMillis(30_100));
        assertThat(limiter.admit("k", false)).isNull();
    }

    @Test
    void debtIsCappedAtOneMinuteOfTokens() {
        var limiter = new RateLimiter(Map.of("k", new RateLimit(null, 60, null)), clock);
        assertThat(limiter.admit("k", false)).isNull();
        limiter.charge("k", 1_000_000);
        assertThat(limiter.admit("k", false).retryAfter()).isEqualTo(Duration.ofSeconds(61)); // from -60 to +1
    }

    @Test
    void concurrentStreamsAreCappedAndAnEndedStreamFreesItsPlace() {
        var limiter = new RateLimiter(Map.of("k", new RateLimit(null, null, 2)), clock);
        assertThat(limiter.admit("k", true)).isNull();
        assertThat(limiter.admit("k", true)).isNull();
        assertThat(limiter.admit("k", true).code()).isEqualTo("concurrency_limit_exceeded");
        assertThat(limiter.admit("k", false)).as("other requests do not count as streams").isNull();
        limiter.streamEnded("k");
        assertThat(limiter.admit("k", true)).isNull();
    }

    @Test
    void aRefusedStreamTakesNoRequestFromTheBucket() {
        var limiter = new RateLimiter(Map.of("k", new RateLimit(2, null, 1)), clock);
        assertThat(limiter.admit("k", true)).isNull();
        assertThat(limiter.admit("k", true).code()).isEqualTo("concurrency_limit_exceeded");
        limiter.streamEnded("k");
        assertThat(limiter.admit("k", true)).as("the refused stream left the second request").isNull();
    }
}
