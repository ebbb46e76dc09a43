package dev.gatehouse.router.access;

import java.time.Duration;
import java.time.Instant;

/**
 * A token bucket that refills {@code perMinute} tokens a minute up to {@code perMinute}, with time passed in (no
 * clock inside, so tests step it). Not thread-safe: {@link RateLimiter} holds it under a lock.
 */
final class TokenBucket {

    private final double perMinute;
    private final double perNano;
    private double tokens;
    private Instant last;

    TokenBucket(int perMinute, Instant now) {
        this.perMinute = perMinute;
        this.perNano = perMinute / 60e9;
        this.tokens = perMinute;
        this.last = now;
    }

    /** Takes {@code n} tokens if there are that many; otherwise takes none and says how long until there would be. */
    Duration take(double n, Instant now) {
        refill(now);
        if (tokens >= n) {
            tokens -= n;
            return Duration.ZERO;
        }
        return untilAvailable(n);
    }

    /** How long until at least one token is there (zero if one is), taking nothing. */
    Duration untilPositive(Instant now) {
        refill(now);
        return tokens >= 1 ? Duration.ZERO : untilAvailable(1);
    }

    /**
     * Takes {@code n} tokens after the fact (an answer's real token count), going into debt if need be; the debt
     * is capped at one minute's worth so one huge answer does not lock the key out for hours.
     */
    void charge(double n, Instant now) {
        refill(now);
        tokens = Math.max(-perMinute, tokens - n);
    }

    private void refill(Instant now) {
        if (now.isAfter(last)) {
            long nanos = Duration.between(last, now).toNanos();
            tokens = Math.min(perMinute, tokens + nanos * perNano);
            last = now;
        }
    }

    private Duration untilAvailable(double n) {
        return Duration.ofNanos((long) Math.ceil((n - tokens) / perNano));
    }
}
