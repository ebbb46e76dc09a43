package dev.gatehouse.router.escalation;

import static dev.gatehouse.router.escalation.ProviderClientTest.KEY;
import static dev.gatehouse.router.escalation.ProviderClientTest.drain;
import static dev.gatehouse.router.escalation.ProviderClientTest.hello;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.gatehouse.inference.InferenceException;
import dev.gatehouse.inference.TokenEvent;
import dev.gatehouse.inference.TokenStream;
import dev.gatehouse.inference.provider.ApiKey;
import dev.gatehouse.inference.provider.CircuitBreaker;
import dev.gatehouse.inference.provider.Delivery;
import dev.gatehouse.inference.provider.GuardedProvider;
import dev.gatehouse.inference.provider.ProviderClient;
import dev.gatehouse.inference.provider.ProviderEndpoint;
import dev.gatehouse.inference.provider.ProviderException;
import dev.gatehouse.inference.provider.ProviderException.Kind;
import dev.gatehouse.inference.provider.ProviderKind;
import dev.gatehouse.inference.provider.RetryPolicy;
import dev.gatehouse.router.pools.MovableClock;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GuardedProviderTest {

    final FakeProvider fake = FakeProvider.start();
    final MovableClock clock = new MovableClock(Instant.parse("2026-03-01T10:00:00Z"));
    final List<Duration> sleeps = new CopyOnWriteArrayList<>();
    final CircuitBreaker breaker = new CircuitBreaker(new CircuitBreaker.Settings(2, 1.0, 100, Duration.ofMinutes(1),
            Duration.ofSeconds(30), 1));

    @AfterEach
    void stop() {
        fake.close();
    }

    GuardedProvider guarded(URI baseUrl, RetryPolicy retry, int maxConcurrency) {
        var endpoint = new ProviderEndpoint("p", ProviderKind.OPENAI, baseUrl, ApiKey.of(KEY), Duration.ofSeconds(5),
                maxConcurrency);
        return new GuardedProvider(ProviderClient.create(endpoint), breaker, retry, clock, sleeps::add);
    }

    GuardedProvider guarded(RetryPolicy retry) {
        return guarded(fake.baseUrl(), retry, 4);
    }

    ProviderException failure(GuardedProvider provider) {
        return catchThrowableOfType(ProviderException.class, () -> provider.chat("m", hello(), Delivery.STREAMING));
    }

    @Test
    void a500IsRetriedOnceAfterTheBackoffAndThenAnswers() {
        fake.nextResponses(new FakeProvider.Fault.Status(500, null));
        var events = drain(guarded(RetryPolicy.defaults()).chat("m", hello(), Delivery.STREAMING));

        assertThat(events.getLast()).isInstanceOf(TokenEvent.End.class);
        assertThat(fake.requestCount()).isEqualTo(2);
        assertThat(sleeps).containsExactly(Duration.ofMillis(200));
    }

    @Test
    void aShortRetryAfterIsWaitedOutExactlyAndRetried() {
        fake.nextResponses(new FakeProvider.Fault.Status(429, "1"));
        drain(guarded(RetryPolicy.defaults()).chat("m", hello(), Delivery.STREAMING));

        assertThat(sleeps).containsExactly(Duration.ofSeconds(1));
        assertThat(fake.requestCount()).isEqualTo(2);
    }

    @Test
    void aLongRetryAfterHoldsTheProviderOffUntilThenWithoutCallingIt() {
        var provider = guarded(RetryPolicy.defaults());
        fake.nextResponses(new FakeProvider.Fault.Status(429, "30"));
        assertThat(failure(provider).kind()).isEqualTo(Kind.RATE_LIMITED);

        clock.move(Duration.ofSeconds(29));
        var held = failure(provider);
        assertThat(held.kind()).isEqualTo(Kind.UNAVAILABLE);
        assertThat(held.retryAfter()).contains(Duration.ofSeconds(1));
        assertThat(provider.health(clock.instant()).available()).isFalse();
        assertThat(fake.requestCount()).isEqualTo(1);

        clock.move(Duration.ofSeconds(1));
        drain(provider.chat("m", hello(), Delivery.STREAMING));
        assertThat(fake.requestCount()).isEqualTo(2);
        assertThat(breaker.state(clock.instant())).as("a 429 is not ill health").isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void aBreakAfterTheFirstTokenIsNeverRetried() {
        fake.nextResponses(new FakeProvider.Fault.CutAfter(1));
        TokenStream stream = guarded(RetryPolicy.defaults()).chat("m", hello(), Delivery.STREAMING);
        assertThat(stream.next()).isEqualTo(new TokenEvent.Text("Hello"));
        catchThrowableOfType(InferenceException.class, stream::next);
        stream.close();

        assertThat(fake.requestCount()).isEqualTo(1);
        assertThat(sleeps).isEmpty();
    }

    @Test
    void theCircuitOpensAfterTwoFailuresSkipsTheProviderAndClosesAfterASuccessfulProbe() {
        var provider = guarded(RetryPolicy.none());
        fake.nextResponses(new FakeProvider.Fault.Status(503, null), new FakeProvider.Fault.Status(502, null));
        failure(provider);
        failure(provider);
        assertThat(breaker.state(clock.instant())).isEqualTo(CircuitBreaker.State.OPEN);

        var skipped = failure(provider);
        assertThat(skipped.kind()).isEqualTo(Kind.UNAVAILABLE);
        assertThat(skipped.retryAfter()).contains(Duration.ofSeconds(30));
        assertThat(fake.requestCount()).as("not called while open").isEqualTo(2);

        clock.move(Duration.ofSeconds(30));
        drain(provider.chat("m", hello(), Delivery.STREAMING));
        assertThat(breaker.state(clock.instant())).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void aStreamThatBreaksMidwayCountsAgainstTheProvidersHealth() {
        var provider = guarded(RetryPolicy.none());
        fake.nextResponses(new FakeProvider.Fault.CutAfter(1), new FakeProvider.Fault.CutAfter(1));
        for (int i = 0; i < 2; i++) {
            try (TokenStream s = provider.chat("m", hello(), Delivery.STREAMING)) {
                s.next();
                catchThrowableOfType(InferenceException.class, s::next);
            }
        }
        assertThat(breaker.state(clock.instant())).isEqualTo(CircuitBreaker.State.OPEN);
    }

    @Test
    void aConnectionRefusedProviderIsRetriedThenReportedAsAConnectFailure() {
        var provider = guarded(FakeProvider.refusingBaseUrl(), RetryPolicy.defaults(), 4);
        assertThat(failure(provider).kind()).isEqualTo(Kind.CONNECT);
        assertThat(sleeps).hasSize(1);
    }

    @Test
    void requestsBeyondMaxConcurrencyAreRefusedAsBusyUntilAStreamCloses() {
        var provider = guarded(fake.baseUrl(), RetryPolicy.none(), 1);
        TokenStream first = provider.chat("m", hello(), Delivery.STREAMING);
        assertThat(failure(provider).kind()).isEqualTo(Kind.BUSY);
        assertThat(provider.inFlight()).isEqualTo(1);
        first.close();
        assertThat(provider.inFlight()).isZero();
        drain(provider.chat("m", hello(), Delivery.STREAMING));
    }
}
