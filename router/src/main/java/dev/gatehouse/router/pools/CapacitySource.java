package dev.gatehouse.router.pools;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * Where the live capacity of an on-premises pool is read, and how the decision judges what it reads: the policy's
 * {@code capacity:} key of a pool target or provider.
 *
 * @param kind            what speaks at {@code url}
 * @param url             another Gatehouse's {@code /v1/pool}, or a Prometheus text endpoint (vLLM, llama-server,
 *                        or Prometheus's {@code /federate} for a pool of engines)
 * @param every           pause between two polls
 * @param timeout         deadline of one poll, connection to last byte
 * @param staleAfter      a reading older than this no longer counts: the pool is unavailable ({@code pool_stale})
 * @param maxWaiting      requests waiting in the pool's queue at which it counts as full; null for a Gatehouse peer
 *                        means its own queue limit
 * @param maxKvCacheUsage KV-cache usage (0..1, vLLM) at which it counts as full
 */
public record CapacitySource(Kind kind, URI url, Duration every, Duration timeout, Duration staleAfter,
        Integer maxWaiting, double maxKvCacheUsage) {

    public static final Duration DEFAULT_EVERY = Duration.ofSeconds(2);
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(1);
    public static final Duration DEFAULT_STALE_AFTER = Duration.ofSeconds(10);
    /** The same queue a Gatehouse accepts by default (limits.maxQueue). */
    public static final int DEFAULT_MAX_WAITING = 8;
    /** vLLM packs its KV cache on purpose; only an almost full one means new requests wait or preempt others. */
    public static final double DEFAULT_MAX_KV_CACHE_USAGE = 0.95;

    public enum Kind {
        /** Another Gatehouse: slots, in flight and queue per model from its {@code /v1/pool}. */
        GATEHOUSE,
        /** Prometheus text: vLLM ({@code vllm:*}) or llama-server ({@code llamacpp:*}) engine metrics. */
        PROMETHEUS;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public CapacitySource {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(every, "every");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(staleAfter, "staleAfter");
        if (every.isNegative() || every.isZero() || timeout.isNegative() || timeout.isZero()
                || staleAfter.isNegative() || staleAfter.isZero()) {
            throw new IllegalArgumentException("every, timeout and staleAfter must be > 0: " + this);
        }
        if (maxWaiting != null && maxWaiting < 0) {
            throw new IllegalArgumentException("maxWaiting < 0: " + maxWaiting);
        }
        if (!(maxKvCacheUsage > 0 && maxKvCacheUsage <= 1)) {
            throw new IllegalArgumentException("maxKvCacheUsage must be in (0, 1], was " + maxKvCacheUsage);
        }
    }

    /** A source with the default timing and thresholds. */
    public static CapacitySource of(Kind kind, URI url) {
        return new CapacitySource(kind, url, DEFAULT_EVERY, DEFAULT_TIMEOUT, DEFAULT_STALE_AFTER,
                kind == Kind.PROMETHEUS ? DEFAULT_MAX_WAITING : null, DEFAULT_MAX_KV_CACHE_USAGE);
    }

    public CapacitySource withTiming(Duration newEvery, Duration newTimeout, Duration newStaleAfter) {
        return new CapacitySource(kind, url, newEvery, newTimeout, newStaleAfter, maxWaiting, maxKvCacheUsage);
    }
}
