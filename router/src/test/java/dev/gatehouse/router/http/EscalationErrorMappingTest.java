package dev.gatehouse.router.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.gatehouse.inference.provider.ProviderException;
import dev.gatehouse.inference.provider.ProviderException.Kind;
import dev.gatehouse.router.escalation.BudgetLedger;
import dev.gatehouse.router.escalation.BudgetLimits;
import dev.gatehouse.router.escalation.Cost;
import dev.gatehouse.router.escalation.FallbackChain;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Budget refusals and provider failures become OpenAI-style errors with the right status and Retry-After. */
class EscalationErrorMappingTest {

    static ProviderException failure(Kind kind, Duration retryAfter) {
        return new ProviderException(kind, "openai", "injected", retryAfter, null);
    }

    @Test
    void anExhaustedBudgetIs429WithRetryAfterUntilTheReset() {
        var ledger = new BudgetLedger(new BudgetLimits(Map.of("acme", new BudgetLimits.Limit(Cost.of("0.01"), null)),
                Map.of()), ZoneOffset.UTC);
        Throwable e = catchThrowable(() -> ledger.reserve("acme", null, Cost.of("0.02"),
                Instant.parse("2026-03-14T23:00:00Z")));

        ApiError error = ErrorMapping.map(e, "r1");
        assertThat(error.status()).isEqualTo(429);
        assertThat(error.code()).isEqualTo("budget_exhausted");
        assertThat(error.message()).contains("daily budget of tenant 'acme' is exhausted");
        assertThat(error.retryAfter()).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void whenEveryTargetIsRateLimitedTheClientGets429WithTheSoonestRetryAfter() {
        var chain = new FallbackChain<Duration>(d -> {
            throw failure(Kind.RATE_LIMITED, d);
        });
        Throwable e = catchThrowable(() -> chain.run(List.of(Duration.ofSeconds(30), Duration.ofSeconds(4))));

        ApiError error = ErrorMapping.map(e, "r1");
        assertThat(error.status()).isEqualTo(429);
        assertThat(error.retryAfter()).isEqualTo(Duration.ofSeconds(4));
    }

    @Test
    void providerFailuresMapToGatewayStatusesAndAreNotServerFaults() {
        assertThat(ErrorMapping.map(failure(Kind.TIMEOUT, null), "r").status()).isEqualTo(504);
        assertThat(ErrorMapping.map(failure(Kind.UNAVAILABLE, Duration.ofSeconds(9)), "r").status()).isEqualTo(503);
        ApiError connect = ErrorMapping.map(failure(Kind.CONNECT, null), "r");
        assertThat(connect.status()).isEqualTo(502);
        assertThat(connect.code()).isEqualTo("provider_failed");
        assertThat(ErrorMapping.isServerFault(connect)).isFalse();
    }
}
