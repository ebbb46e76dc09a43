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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every failure class, for both wire formats. */
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

    @ParameterizedTest
    @EnumSource(ProviderKind.class)
    void aRefusedConnectionIsAConnectFailureThatAllowsFallback(ProviderKind kind) {
        var e = catchThrowableOfType(ProviderException.class, () -> client(FakeProvider.refusingBaseUrl(), kind,
                Duration.ofSeconds(2)).chat("m", hello(), Delivery.STREAMING));
        assertThat(e.kind()).isEqualTo(Kind.CONNECT);
        assertThat(e.fallbackAllowed()).isTrue();
        assertThat(e.retryable()).isTrue();
        assertThat(e.getMessage()).doesNotContain(KEY);
    }

    @ParameterizedTest
    @EnumSource(ProviderKind.class)
    void noResponseWithinTheTimeoutIsATimeout(ProviderKind kind) {
        fake.latency(Duration.ofSeconds(3));
        var e = failure(kind, Duration.ofMillis(300), Delivery.STREAMING);
        assertThat(e.kind()).isEqualTo(Kind.TIMEOUT);
        assertThat(e.fallbackAllowed()).isTrue();
    }

    @ParameterizedTest
    @EnumSource(ProviderKind.class)
    void a500IsARetryableServerErrorWithTheProvidersMessage(ProviderKind kind) {
        fake.nextResponses(new FakeProvider.Fault.Status(500, null));
        var e = failure(kind, Duration.ofSeconds(5), Delivery.STREAMING);
        assertThat(e.kind()).isEqualTo(Kind.SERVER_ERROR);
        assertThat(e.retryable()).isTrue();
        assertThat(e.getMessage()).contains("HTTP 500").contains("injected 500");
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
    @EnumSource(ProviderKind.class)
    void a401IsRejectedAndNotRetried(ProviderKind kind) {
        fake.nextResponses(new FakeProvider.Fault.Status(401, null));
        var e = failure(kind, Duration.ofSeconds(5), Delivery.STREAMING);
        assertThat(e.kind()).isEqualTo(Kind.REJECTED);
        assertThat(e.retryable()).isFalse();
    }

    @ParameterizedTest
    @EnumSource(ProviderKind.class)
    void aStreamCutBeforeItsFirstTokenIsAFailureThatAllowsFallback(ProviderKind kind) {
        fake.nextResponses(new FakeProvider.Fault.CutAfter(0));
        var e = failure(kind, Duration.ofSeconds(5), Delivery.STREAMING);
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
