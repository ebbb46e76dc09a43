package dev.gatehouse.router.escalation;

import static dev.gatehouse.router.escalation.ProviderClientTest.KEY;
import static dev.gatehouse.router.escalation.ProviderClientTest.drain;
import static dev.gatehouse.router.escalation.ProviderClientTest.hello;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.gatehouse.inference.InferenceException;
import dev.gatehouse.inference.TokenEvent;
import dev.gatehouse.inference.provider.ApiKey;
import dev.gatehouse.inference.provider.CircuitBreaker;
import dev.gatehouse.inference.provider.Delivery;
import dev.gatehouse.inference.provider.GuardedProvider;
import dev.gatehouse.inference.provider.ProviderClient;
import dev.gatehouse.inference.provider.ProviderEndpoint;
import dev.gatehouse.inference.provider.ProviderException;
import dev.gatehouse.inference.provider.ProviderKind;
import dev.gatehouse.inference.provider.RetryPolicy;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Real providers over HTTP: one refusing connections, one failing with 500, one answering. */
class FallbackChainTest {

    final FakeProvider failing = FakeProvider.start();
    final FakeProvider answering = FakeProvider.start();

    @AfterEach
    void stop() {
        failing.close();
        answering.close();
    }

    static GuardedProvider provider(String id, URI baseUrl, ProviderKind kind) {
        var endpoint = new ProviderEndpoint(id, kind, baseUrl, ApiKey.of(KEY), Duration.ofSeconds(5), 4);
        return new GuardedProvider(ProviderClient.create(endpoint), new CircuitBreaker(CircuitBreaker.Settings.defaults()),
                RetryPolicy.none(), Clock.systemUTC(), d -> { });
    }

    @Test
    void targetsAreTriedInOrderAndTheAnswerSaysWhichTargetAnsweredAndWhyTheOthersDidNot() {
        failing.nextResponses(new FakeProvider.Fault.Status(500, null));
        Map<String, GuardedProvider> providers = Map.of(
                "down", provider("down", FakeProvider.refusingBaseUrl(), ProviderKind.OPENAI),
                "flaky", provider("flaky", failing.baseUrl(), ProviderKind.OPENAI),
                "up", provider("up", answering.baseUrl(), ProviderKind.ANTHROPIC));
        var chain = new FallbackChain<String>(t -> providers.get(t).chat("m", hello(), Delivery.STREAMING));

        var answer = chain.run(List.of("down", "flaky", "up"));

        assertThat(answer.target()).isEqualTo("up");
        assertThat(answer.failures()).extracting(FallbackChain.Failure::target).containsExactly("down", "flaky");
        assertThat(answer.failures()).extracting(f -> ((ProviderException) f.error()).kind())
                .containsExactly(ProviderException.Kind.CONNECT, ProviderException.Kind.SERVER_ERROR);
        assertThat(drain(answer.tokens()).getLast()).isInstanceOf(TokenEvent.End.class);
    }

    @Test
    void aLocalModelThatFailedToLoadFallsBackToTheNextLocalModel() {
        var chain = new FallbackChain<String>(t -> {
            if (t.equals("big")) throw new InferenceException(InferenceException.Kind.MODEL_NOT_READY, "out of memory");
            return provider("up", answering.baseUrl(), ProviderKind.OPENAI).chat("m", hello(), Delivery.STREAMING);
        });
        var answer = chain.run(List.of("big", "small"));
        assertThat(answer.target()).isEqualTo("small");
        answer.tokens().close();
    }

    @Test
    void anExhaustedBudgetFallsBackToTheNextTarget() {
        var chain = new FallbackChain<String>(t -> {
            if (t.equals("cloud")) {
                new BudgetLedger(new BudgetLimits(Map.of("t", new BudgetLimits.Limit(Cost.ZERO, null)), Map.of()),
                        java.time.ZoneOffset.UTC).reserve("t", null, Cost.of("0.01"), java.time.Instant.now());
            }
            return provider("up", answering.baseUrl(), ProviderKind.OPENAI).chat("m", hello(), Delivery.STREAMING);
        });
        var answer = chain.run(List.of("cloud", "local"));
        assertThat(answer.target()).isEqualTo("local");
        assertThat(answer.failures().getFirst().error()).isInstanceOf(BudgetExhaustedException.class);
        answer.tokens().close();
    }

    @Test
    void whenEveryTargetFailsTheErrorListsEachFailureAndTheSoonestRetryAfter() {
        failing.nextResponses(new FakeProvider.Fault.Status(429, "20"));
        answering.nextResponses(new FakeProvider.Fault.Status(429, "5"));
        var chain = new FallbackChain<GuardedProvider>(p -> p.chat("m", hello(), Delivery.BUFFERED));

        var e = catchThrowableOfType(NoTargetAnsweredException.class, () -> chain.run(List.of(
                provider("a", failing.baseUrl(), ProviderKind.OPENAI),
                provider("b", answering.baseUrl(), ProviderKind.ANTHROPIC))));

        assertThat(e.failures()).hasSize(2);
        assertThat(e.retryAfter()).contains(Duration.ofSeconds(5));
        assertThat(e.getMessage()).contains("HTTP 429");
    }

    @Test
    void aFailureThatNoOtherTargetCanFixIsThrownAsIsWithoutTryingTheRest() {
        var chain = new FallbackChain<String>(t -> {
            throw new InferenceException(InferenceException.Kind.WRONG_TASK, "embedding model");
        });
        assertThatThrownBy(() -> chain.run(List.of("a", "b"))).isInstanceOf(InferenceException.class);
    }
}
