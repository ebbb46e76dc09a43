package dev.gatehouse.inference.provider;

import java.time.Duration;

/**
 * Retries of one provider call, only while nothing of the answer was consumed: retryable failures
 * ({@link ProviderException#retryable()}) back off exponentially; a 429 is retried only when its
 * {@code Retry-After} is at most {@code maxBackoff}, after exactly that wait. Never after streaming began.
 */
public record RetryPolicy(int maxRetries, Duration initialBackoff, double multiplier, Duration maxBackoff) {

    public RetryPolicy {
        if (maxRetries < 0) throw new IllegalArgumentException("maxRetries must be >= 0, was " + maxRetries);
        if (multiplier < 1) throw new IllegalArgumentException("multiplier must be >= 1, was " + multiplier);
    }

    public static RetryPolicy none() {
        return new RetryPolicy(0, Duration.ZERO, 1, Duration.ZERO);
    }

    /** One retry after 200 ms; a 429 asking for up to 2 s is waited out once. */
    public static RetryPolicy defaults() {
        return new RetryPolicy(1, Duration.ofMillis(200), 2, Duration.ofSeconds(2));
    }

    /** The wait before retry number {@code retry} (0-based) after {@code failure}, or null when not to retry. */
    Duration backoff(int retry, ProviderException failure) {
        if (retry >= maxRetries) {
            return null;
        }
        if (failure.kind() == ProviderException.Kind.RATE_LIMITED) {
            Duration asked = failure.retryAfter().orElse(null);
            return asked != null && asked.compareTo(maxBackoff) <= 0 ? asked : null;
        }
        if (!failure.retryable()) {
            return null;
        }
        double nanos = initialBackoff.toNanos() * Math.pow(multiplier, retry);
        return Duration.ofNanos((long) Math.min(nanos, maxBackoff.toNanos()));
    }

    /** How to wait; tests record the waits instead. */
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;

        Sleeper REAL = duration -> Thread.sleep(duration);
    }
}
