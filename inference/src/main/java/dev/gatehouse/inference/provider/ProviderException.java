package dev.gatehouse.inference.provider;

import java.time.Duration;
import java.util.Optional;

/**
 * A provider call failed, classified once. Everything but {@link Kind#STREAM_BROKEN} happened before the client saw
 * a token, so the caller may try the next target; {@link #retryable()} says whether the same provider may be asked
 * again after a backoff.
 */
public final class ProviderException extends RuntimeException {

    public enum Kind {
        /** Could not connect (refused, DNS, TLS, reset before the response). */
        CONNECT(true),
        /** No response, or no first token, within the provider's timeout (the full wait is spent: go elsewhere). */
        TIMEOUT(false),
        /**
         * 429; {@link #retryAfter()} carries the provider's {@code Retry-After} when it sent one. Retried only when
         * that wait is short (see {@link RetryPolicy}).
         */
        RATE_LIMITED(false),
        /** 5xx, or an overloaded/api error event before the first token. */
        SERVER_ERROR(true),
        /** Another 4xx (bad key, unknown model, rejected request): asking again will not help; another target might. */
        REJECTED(false),
        /** The response ended or broke before its first token, or was not the expected format. */
        BROKEN_BEFORE_FIRST_TOKEN(true),
        /** The stream broke after tokens were delivered: reported in-stream, never retried, never a fallback. */
        STREAM_BROKEN(false),
        /** The provider's circuit breaker is open or it asked us to wait ({@code Retry-After}): not called at all. */
        UNAVAILABLE(false),
        /** {@code maxConcurrency} requests are already in flight to this provider. */
        BUSY(false);

        private final boolean retryable;

        Kind(boolean retryable) {
            this.retryable = retryable;
        }
    }

    private final Kind kind;
    private final String providerId;
    private final Duration retryAfter;

    public ProviderException(Kind kind, String providerId, String message, Duration retryAfter, Throwable cause) {
        super(providerId + ": " + message, cause);
        this.kind = kind;
        this.providerId = providerId;
        this.retryAfter = retryAfter;
    }

    public Kind kind() {
        return kind;
    }

    public String providerId() {
        return providerId;
    }

    /** When the provider said a retry may succeed (429 {@code Retry-After}, or the end of an open circuit's cooldown). */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /** Whether the same provider may be asked again, after a backoff, for this request: nothing was consumed yet. */
    public boolean retryable() {
        return kind.retryable;
    }

    /** Whether another target may answer instead: true for every failure before the first token. */
    public boolean fallbackAllowed() {
        return kind != Kind.STREAM_BROKEN;
    }

    /**
     * Whether the failure says the provider is unhealthy (and so counts for its circuit breaker). A 429 does not: the
     * provider is up and said when to come back, which {@link GuardedProvider} honours by holding off until then.
     */
    public boolean countsAgainstHealth() {
        return switch (kind) {
            case CONNECT, TIMEOUT, SERVER_ERROR, BROKEN_BEFORE_FIRST_TOKEN, STREAM_BROKEN -> true;
            case RATE_LIMITED, REJECTED, UNAVAILABLE, BUSY -> false;
        };
    }
}
