package dev.gatehouse.router.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class PromQlMetricNamesTest {

    record Case(String name, String expr, Set<String> metrics) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("a bare metric is itself", "gatehouse_cpu_load1", Set.of("gatehouse_cpu_load1")),
                new Case("label matchers and their values are not metrics",
                        "gatehouse_requests_total{status=\"429\", model=~\"$model\"}", Set.of("gatehouse_requests_total")),
                new Case("functions and ranges are not metrics", "increase(gatehouse_worker_crashes_total[15m]) > 0",
                        Set.of("gatehouse_worker_crashes_total")),
                new Case("grouping labels are not metrics, on either side of the aggregation",
                        "sum by (le, model) (rate(x_bucket[$__rate_interval])) + sum(rate(y[5m])) without (gpu)",
                        Set.of("x_bucket", "y")),
                new Case("keywords and numbers in exponent form are not metrics",
                        "a / (b > 0) > 1e-9 and c unless d offset 5m", Set.of("a", "b", "c", "d")),
                new Case("vector matching labels are not metrics", "a / on (gpu) group_left (name) b",
                        Set.of("a", "b")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void findsTheMetricsAnExpressionReads(Case c) {
        assertThat(PromQlMetricNames.of(c.expr())).isEqualTo(c.metrics());
    }

    @Test
    void aGrafanaLabelValuesQueryReadsItsFirstArgumentOnly() {
        assertThat(PromQlMetricNames.ofVariableQuery("label_values(gatehouse_model_ready, model)"))
                .containsExactly("gatehouse_model_ready");
    }
}
