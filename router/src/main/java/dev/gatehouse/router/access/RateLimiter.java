package dev.gatehouse.router.access;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The limits of each API key: requests and tokens per minute (token buckets) and chat requests in flight. Time
 * comes from the injected clock; the state of every key sits under one lock, held only to count.
 */
final class RateLimiter {

    /** Why a request was refused and when a retry can succeed. */
    record Refusal(String code, String message, Duration retryAfter) {}

    private static final class KeyState {
        final TokenBucket requests;
        final TokenBucket tokens;
        int streams;

        KeyState(RateLimit limit, Instant now) {
            requests = limit.requestsPerMinute() == null ? null : new TokenBucket(limit.requestsPerMinute(), now);
            tokens = limit.tokensPerMinute() == null ? null : new TokenBucket(limit.tokensPerMinute(), now);
        }
    }

    private final Clock clock;
    private Map<String, RateLimit> limits;
    private final Map<String, KeyState> states = new HashMap<>();

    /** @param limits by key id */
    RateLimiter(Map<String, RateLimit> limits, Clock clock) {
        this.limits = Map.copyOf(limits);
        this.clock = clock;
    }

    /**
     * Limits read again on a reload: a key whose limit is unchanged keeps its buckets and open streams (a reload is
     * no way around a rate limit); a key removed or changed starts afresh.
     */
    synchronized void replaceLimits(Map<String, RateLimit> newLimits) {
        Map<String, RateLimit> next = Map.copyOf(newLimits);
        states.keySet().removeIf(keyId -> !Objects.equals(limits.get(keyId), next.get(keyId)));
        limits = next;
    }

    /**
     * Counts a request of the key, or says why it must wait. A stream takes one of the key's concurrent places
     * until {@link #streamEnded}; the caller must call it exactly once when this returns null for a stream.
     *
     * @return null when the request may go on
     */
    synchronized Refusal admit(String keyId, boolean stream) {
        RateLimit limit = limits.getOrDefault(keyId, RateLimit.none());
        Instant now = clock.instant();
        KeyState s = states.computeIfAbsent(keyId, k -> new KeyState(limit, now));
        if (stream && limit.concurrentStreams() != null && s.streams >= limit.concurrentStreams()) {
            return new Refusal("concurrency_limit_exceeded", "this API key already has " + s.streams
                    + " chat requests in flight, its limit is " + limit.concurrentStreams(), Duration.ofSeconds(1));
        }
        if (s.tokens != null) {
            Duration wait = s.tokens.untilPositive(now);
            if (!wait.isZero()) {
                return new Refusal("tokens_per_minute_exceeded", "this API key used its " + limit.tokensPerMinute()
                        + " tokens per minute", wait);
            }
        }
        if (s.requests != null) {
            Duration wait = s.requests.take(1, now);
            if (!wait.isZero()) {
                return new Refusal("requests_per_minute_exceeded", "this API key sent its "
                        + limit.requestsPerMinute() + " requests per minute", wait);
            }
        }
        if (stream) s.streams++;
        return null;
    }

    synchronized void streamEnded(String keyId) {
        KeyState s = states.get(keyId);
        if (s != null && s.streams > 0) s.streams--;
    }

    /** Books the tokens an answer used against the key's tokens per minute. */
    synchronized void charge(String keyId, long tokens) {
        KeyState s = states.get(keyId);
        if (s != null && s.tokens != null && tokens > 0) {
            s.tokens.charge(tokens, clock.instant());
        }
    }
}
