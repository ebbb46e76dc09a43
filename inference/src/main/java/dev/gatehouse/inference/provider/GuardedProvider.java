package dev.gatehouse.inference.provider;

import dev.gatehouse.inference.ChatRequest;
import dev.gatehouse.inference.TokenStream;
import dev.gatehouse.inference.provider.ProviderException.Kind;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Semaphore;

/**
 * One provider behind its circuit breaker, its concurrency limit, the provider's own {@code Retry-After} and the
 * retry policy. {@link #chat} either returns a stream whose first token has arrived or throws a
 * {@link ProviderException} the caller may fall back on.
 */
public final class GuardedProvider {

    private final ProviderClient client;
    private final CircuitBreaker breaker;
    private final RetryPolicy retry;
    private final Clock clock;
    private final RetryPolicy.Sleeper sleeper;
    private final Semaphore permits;
    private volatile Instant holdUntil = Instant.MIN;

    public GuardedProvider(ProviderClient client, CircuitBreaker breaker, RetryPolicy retry, Clock clock,
            RetryPolicy.Sleeper sleeper) {
        this.client = client;
        this.breaker = breaker;
        this.retry = retry;
        this.clock = clock;
        this.sleeper = sleeper;
        this.permits = new Semaphore(client.endpoint().maxConcurrency());
    }

    /** Default breaker and retries on the system clock. */
    public static GuardedProvider of(ProviderEndpoint endpoint) {
        return new GuardedProvider(ProviderClient.create(endpoint), new CircuitBreaker(CircuitBreaker.Settings.defaults()),
                RetryPolicy.defaults(), Clock.systemUTC(), RetryPolicy.Sleeper.REAL);
    }

    public String id() {
        return client.endpoint().id();
    }

    /** For the decision's health gate: whether a call now would be let through, and if not until when. */
    public Health health(Instant now) {
        CircuitBreaker.State state = breaker.state(now);
        Instant until = now.isBefore(holdUntil) ? holdUntil : breaker.retryAt().orElse(null);
        boolean available = state != CircuitBreaker.State.OPEN && !now.isBefore(holdUntil);
        return new Health(available, state, Optional.ofNullable(available ? null : until));
    }

    /** @param retryAt when the provider is expected back, while it is not available */
    public record Health(boolean available, CircuitBreaker.State circuit, Optional<Instant> retryAt) {}

    public TokenStream chat(String model, ChatRequest request, Delivery delivery) {
        return chat(model, request, ProviderOptions.NONE, delivery);
    }

    /** As {@link ProviderClient#chat(String, ChatRequest, ProviderOptions, Delivery)}; a refusal counts as neutral. */
    public TokenStream chat(String model, ChatRequest request, ProviderOptions options, Delivery delivery) {
        Instant now = clock.instant();
        if (now.isBefore(holdUntil)) {
            throw unavailable("asked us to wait (Retry-After)", Duration.between(now, holdUntil));
        }
        if (!breaker.tryAcquire(now)) {
            Duration wait = breaker.retryAt().map(at -> Duration.between(now, at)).orElse(null);
            throw unavailable("circuit open after repeated failures", wait);
        }
        if (!permits.tryAcquire()) {
            breaker.onNeutral();
            throw new ProviderException(Kind.BUSY, id(), client.endpoint().maxConcurrency()
                    + " requests already in flight (maxConcurrency)", null, null);
        }
        try {
            TokenStream tokens = callWithRetries(model, request, options, delivery);
            return new OutcomeTokenStream(tokens, this::settle);
        } catch (RuntimeException e) {
            permits.release();
            throw e;
        }
    }

    private TokenStream callWithRetries(String model, ChatRequest request, ProviderOptions options,
            Delivery delivery) {
        for (int attempt = 0; ; attempt++) {
            try {
                return client.chat(model, request, options, delivery);
            } catch (ProviderException failure) {
                if (failure.kind() == Kind.RATE_LIMITED) {
                    Duration wait = failure.retryAfter().orElse(Duration.ofSeconds(1));
                    holdUntil = clock.instant().plus(wait);
                }
                Duration backoff = breaker.state(clock.instant()) == CircuitBreaker.State.CLOSED
                        ? retry.backoff(attempt, failure) : null; // a half-open probe is not retried
                if (backoff == null) {
                    record(failure);
                    throw failure;
                }
                sleep(backoff, failure);
            } catch (RuntimeException other) {
                breaker.onNeutral();
                throw other;
            }
        }
    }

    private void sleep(Duration backoff, ProviderException failure) {
        try {
            sleeper.sleep(backoff);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            breaker.onNeutral();
            throw failure;
        }
    }

    private void record(ProviderException failure) {
        if (failure.countsAgainstHealth()) {
            breaker.onFailure(clock.instant());
        } else {
            breaker.onNeutral();
        }
    }

    /** Called once per stream that got its first token: at its end, break or close. */
    private void settle(OutcomeTokenStream.Outcome outcome) {
        permits.release();
        switch (outcome) {
            case COMPLETED -> breaker.onSuccess(clock.instant());
            case BROKEN -> breaker.onFailure(clock.instant());
            case ABANDONED -> breaker.onNeutral();
        }
    }

    private ProviderException unavailable(String why, Duration retryAfter) {
        return new ProviderException(Kind.UNAVAILABLE, id(), why, retryAfter, null);
    }

    /** Requests in flight to this provider (tests and metrics). */
    public int inFlight() {
        return client.endpoint().maxConcurrency() - permits.availablePermits();
    }
}
