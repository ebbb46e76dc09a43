package dev.gatehouse.router.escalation;

import static dev.gatehouse.router.escalation.ProviderClientTest.KEY;
import static dev.gatehouse.router.escalation.ProviderClientTest.hello;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.gatehouse.inference.InferenceException;
import dev.gatehouse.inference.TokenEvent;
import dev.gatehouse.inference.TokenStream;
import dev.gatehouse.inference.provider.ApiKey;
import dev.gatehouse.inference.provider.Delivery;
import dev.gatehouse.inference.provider.ProviderClient;
import dev.gatehouse.inference.provider.ProviderEndpoint;
import dev.gatehouse.inference.provider.ProviderException;
import dev.gatehouse.inference.provider.ProviderException.Kind;
import dev.gatehouse.inference.provider.ProviderKind;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Every failure class, for both wire formats, streamed and not. */
class ProviderFailuresTest {

    final FakeProvider fake = FakeProvider.start();

    @AfterEach
    void stop() {
        fake.close();
    }

    static ProviderClient client(URI baseUrl, ProviderKind kind, Duration timeout) {
        return ProviderClient.create(new ProviderEndpoint("p", kind, baseUrl, ApiKey.of(KEY), timeout, 4));
    }

    ProviderException failure(ProviderKind kind, Duration timeout, Delivery delivery) {
        return catchThrowableOfType(ProviderException.class,
                () -> client(fake.baseUrl(), kind, timeout).chat("m", hello(), delivery).close());
    }

    /** Both wire formats, streamed and not: a non-streaming call over plain HTTP takes its own client. */
    static Stream<Arguments> kindsAndDeliveries() {
        return Stream.of(ProviderKind.values()).flatMap(k -> Stream.of(Delivery.values()).map(d -> Arguments.of(k, d)));
    }

    @ParameterizedTest
    @MethodSource("kindsAndDeliveries")
    void aRefusedConnectionIsAConnectFailureThatAllowsFallback(ProviderKind kind, Delivery delivery) {
        var e = catchThrowableOfType(ProviderException.class, () -> client(FakeProvider.refusingBaseUrl(), kind,
                Duration.ofSeconds(2)).chat("m", hello(), delivery));
        assertThat(e.kind()).isEqualTo(Kind.CONNECT);
        assertThat(e.fallbackAllowed()).isTrue();
        assertThat(e.retryable()).isTrue();
        assertThat(e.getMessage()).contains("refused").doesNotContain(KEY);
    }

    @ParameterizedTest
    @MethodSource("kindsAndDeliveries")
    void noResponseWithinTheTimeoutIsATimeout(ProviderKind kind, Delivery delivery) {
        fake.latency(Duration.ofSeconds(3));
        var e = failure(kind, Duration.ofMillis(300), delivery);
        assertThat(e.kind()).isEqualTo(Kind.TIMEOUT);
        assertThat(e.fallbackAllowed()).isTrue();
    }

    @ParameterizedTest
    @MethodSource("kindsAndDeliveries")
    void a500IsARetryableServerErrorWithTheProvidersMessage(ProviderKind kind, Delivery delivery) {
        fake.nextResponses(new FakeProvider.Fault.Status(500, null));
        var e = failure(kind, Duration.ofSeconds(5), delivery);
        assertThat(e.kind()).isEqualTo(Kind.SERVER_ERROR);
        assertThat(e.retryable()).isTrue();
        assertThat(e.getMessage()).contains("HTTP 500").contains("injected 500");
    }

    @ParameterizedTest
    @MethodSource("kindsAndDeliveries")
    void aRedirectIsNotFollowedSoTheKeyGoesNowhereElse(ProviderKind kind, Delivery delivery) {
        fake.nextResponses(new FakeProvider.Fault.Status(307, null));
        var e = failure(kind, Duration.ofSeconds(5), delivery);
        assertThat(e.kind()).isEqualTo(Kind.REJECTED);
        assertThat(e.getMessage()).contains("HTTP 307");
        assertThat(fake.requestCount()).isEqualTo(1);
    }

    @ParameterizedTest
    @MethodSource("kindsAndDeliveries")
    void anInterruptedCallIsCancelledWithoutWaitingForTheProvider(ProviderKind kind, Delivery delivery)
            throws InterruptedException {
        fake.latency(Duration.ofSeconds(30));
        var outcome = new CompletableFuture<Throwable>();
        Thread caller = Thread.ofVirtual().start(() -> outcome.complete(catchThrowableOfType(InferenceException.class,
                () -> client(fake.baseUrl(), kind, Duration.ofSeconds(30)).chat("m", hello(), delivery).close())));
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (fake.requestCount() == 0 && System.nanoTime() < deadline) Thread.onSpinWait(); // the call is out
        caller.interrupt(); // what the request deadline does to the request's thread

        var e = (InferenceException) outcome.orTimeout(5, TimeUnit.SECONDS).join();
        assertThat(e).isNotNull();
        assertThat(e.kind()).isEqualTo(InferenceException.Kind.CANCELLED);
    }

    @ParameterizedTest
    @EnumSource(ProviderKind.class)
    void a429CarriesTheProvidersRetryAfter(ProviderKind kind) {
        fake.nextResponses(new FakeProvider.Fault.Status(429, "7"));
        var e = failure(kind, Duration.ofSeconds(5), Delivery.BUFFERED);
        assertThat(e.kind()).isEqualTo(Kind.RATE_LIMITED);
        assertThat(e.retryAfter()).contains(Duration.ofSeconds(7));
        assertThat(e.fallbackAllowed()).isTrue();
    }

    @ParameterizedTest
    @MethodSource("kindsAndDeliveries")
    void a401IsRejectedAndNotRetried(ProviderKind kind, Delivery delivery) {
        fake.nextResponses(new FakeProvider.Fault.Status(401, null));
        var e = failure(kind, Duration.ofSeconds(5), delivery);
        assertThat(e.kind()).isEqualTo(Kind.REJECTED);
        assertThat(e.retryable()).isFalse();
    }

    @ParameterizedTest
    @MethodSource("kindsAndDeliveries")
    void anAnswerCutBeforeItsFirstTokenIsAFailureThatAllowsFallback(ProviderKind kind, Delivery delivery) {
        // streamed: no chunk at all; not streamed: the answer's body cut halfway
        fake.nextResponses(new FakeProvider.Fault.CutAfter(0));
        var e = failure(kind, Duration.ofSeconds(5), delivery);
        assertThat(e.kind()).isEqualTo(Kind.BROKEN_BEFORE_FIRST_TOKEN);
        assertThat(e.fallbackAllowed()).isTrue();
    }

    @ParameterizedTest
    @EnumSource(ProviderKind.class)
    void anErrorEventBeforeTheFirstTokenIsAServerError(ProviderKind kind) {
        fake.nextResponses(new FakeProvider.Fault.ErrorEventFirst("overloaded_error"));
        var e = failure(kind, Duration.ofSeconds(5), Delivery.STREAMING);
        assertThat(e.kind()).isEqualTo(Kind.SERVER_ERROR);
        assertThat(e.getMessage()).contains("overloaded_error");
    }

    @ParameterizedTest
    @EnumSource(ProviderKind.class)
    void aStreamCutAfterTwoChunksDeliversTwoTokensThenAnInStreamError(ProviderKind kind) {
        fake.nextResponses(new FakeProvider.Fault.CutAfter(2));
        TokenStream stream = client(fake.baseUrl(), kind, Duration.ofSeconds(5)).chat("m", hello(), Delivery.STREAMING);
        assertThat(stream.next()).isEqualTo(new TokenEvent.Text("Hello"));
        assertThat(stream.next()).isEqualTo(new TokenEvent.Text(", "));
        var e = catchThrowableOfType(InferenceException.class, stream::next);
        assertThat(e.kind()).isEqualTo(InferenceException.Kind.PROVIDER_FAILED);
        assertThat(((ProviderException) e.getCause()).kind()).isEqualTo(Kind.STREAM_BROKEN);
        assertThat(((ProviderException) e.getCause()).fallbackAllowed()).isFalse();
        stream.close();
    }
}
