package dev.gatehouse.router.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Per-request meters are registered once per label set and then only counted. */
class GatehouseMetricsTest {

    @Test
    void requestsWithTheSameLabelsCountInOneSeriesAndOtherLabelsInTheirOwn() {
        var metrics = new GatehouseMetrics(List::of);
        metrics.request("/v1/chat/completions", "bench/bench-model", 200, Duration.ofMillis(3));
        metrics.request("/v1/chat/completions", "bench/bench-model", 200, Duration.ofMillis(7));
        metrics.request("/v1/chat/completions", "bench/bench-model", 502, Duration.ofMillis(9));
        metrics.request("/v1/route", "none", 200, Duration.ofMillis(1));

        assertThat(metrics.totals("gatehouse.requests", "status")).isEqualTo(Map.of("200", 3.0, "502", 1.0));
        assertThat(metrics.totals("gatehouse.requests", "endpoint"))
                .isEqualTo(Map.of("/v1/chat/completions", 3.0, "/v1/route", 1.0));
        String text = metrics.scrape();
        assertThat(text).contains("gatehouse_request_duration_seconds_count{endpoint=\"/v1/chat/completions\","
                + "model=\"bench/bench-model\"} 3");
    }

    @Test
    void tokensAddUpPerModel() {
        var metrics = new GatehouseMetrics(List::of);
        metrics.tokens("a", 10, 2);
        metrics.tokens("a", 5, 1);
        metrics.tokens("b", 7, 0);
        assertThat(metrics.totals("gatehouse.prompt.tokens", "model")).isEqualTo(Map.of("a", 15.0, "b", 7.0));
        assertThat(metrics.totals("gatehouse.completion.tokens", "model")).isEqualTo(Map.of("a", 3.0, "b", 0.0));
    }
}
