package dev.gatehouse.router.review;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * The review lane's bounds and where it keeps held requests: gatehouse.yaml's {@code review:} section, read and
 * checked once by the config reader (every violation with its key); the compact constructor only guards against
 * programming errors.
 *
 * @param store         the folder pending tickets (with the request, prompt text included) and decided outcomes are
 *                      kept in; null keeps them in memory only, so a restart loses every pending review
 * @param maxPending    requests that may wait at once; one more is refused with 503
 * @param maxKept       decided tickets kept for clients to fetch their outcome (in memory and in the store)
 * @param defaultExpiry how long a held request waits when its rule's {@code review.expiresAfter} does not say
 */
public record ReviewSettings(Path store, int maxPending, int maxKept, Duration defaultExpiry) {

    public static final int DEFAULT_MAX_PENDING = 256;
    public static final int DEFAULT_MAX_KEPT = 1024;
    public static final Duration DEFAULT_EXPIRY = Duration.ofHours(1);
    /** The most either count may be: each pending request holds its body (up to the body limit) in memory. */
    public static final int MAX_COUNT = 100_000;
    /** The longest a request may wait: a conversation approved a month later answers a question nobody waits for. */
    public static final Duration MAX_EXPIRY = Duration.ofDays(30);

    public ReviewSettings {
        if (maxPending < 1 || maxPending > MAX_COUNT || maxKept < 1 || maxKept > MAX_COUNT) {
            throw new IllegalArgumentException("maxPending and maxKept must be between 1 and " + MAX_COUNT
                    + ", were " + maxPending + ", " + maxKept);
        }
        Objects.requireNonNull(defaultExpiry, "defaultExpiry");
        if (defaultExpiry.isNegative() || defaultExpiry.isZero() || defaultExpiry.compareTo(MAX_EXPIRY) > 0) {
            throw new IllegalArgumentException("defaultExpiry must be positive and at most " + MAX_EXPIRY + ", was "
                    + defaultExpiry);
        }
    }

    /** In memory, default bounds. */
    public static ReviewSettings defaults() {
        return new ReviewSettings(null, DEFAULT_MAX_PENDING, DEFAULT_MAX_KEPT, DEFAULT_EXPIRY);
    }

    public boolean durable() {
        return store != null;
    }
}
