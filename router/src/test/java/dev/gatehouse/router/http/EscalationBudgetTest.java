package dev.gatehouse.router.http;

import static dev.gatehouse.router.http.EscalatingGatehouse.chat;
import static dev.gatehouse.router.http.EscalatingGatehouse.provider;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.router.escalation.FakeProvider;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Budgets under a burst of parallel HTTP requests: reservations are atomic, so the burst cannot overspend. */
class EscalationBudgetTest {

    static final ObjectMapper JSON = new ObjectMapper();
    final FakeProvider cloud = FakeProvider.start().latency(Duration.ofMillis(200));
    RunningGatehouse gatehouse;

    @AfterEach
    void stop() {
        if (gatehouse != null) gatehouse.close();
        cloud.close();
    }

    @Test
    void aBurstOfParallelRequestsCannotSpendMoreThanTheTenantsDailyBudget() throws Exception {
        // one request reserves (3 prompt words -> 20 tokens with the margin) * 0.01/1k + 10 * 1.0/1k = 0.0102
        // and really costs 11 * 0.01/1k + 4 * 1.0/1k = 0.00411; 0.05 fits four reservations at once
        gatehouse = EscalatingGatehouse.start("""
                targets:
                  - {id: tiny, quality: {default: 0.1}}
                floors: {default: 0.5}
                tenants: [{id: acme, apiKeys: [sk-acme-test]}]
                budgets:
                  tenants: {acme: {daily: 0.05}}
                providers:
                %s""".formatted(provider("cloud", "openai", cloud.baseUrl(), "big", "public", "0.01", "1.0")),
                ScriptedChatModel.saying(4096, "local"), ScriptedChatModel.saying(4096, "other"));
        int burst = 24;
        List<Future<HttpResponse<String>>> futures = new ArrayList<>();
        try (ExecutorService clients = Executors.newFixedThreadPool(burst)) {
            for (int i = 0; i < burst; i++) {
                futures.add(clients.submit(() -> gatehouse.post("/v1/chat/completions",
                        "{\"model\":\"cloud/big\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":"
                                + "\"explain tides please\"}]}", "Authorization", "Bearer sk-acme-test",
                        "x-gatehouse-fallbacks", "off")));
            }
        }
        int ok = 0;
        int refused = 0;
        BigDecimal spent = BigDecimal.ZERO;
        for (Future<HttpResponse<String>> f : futures) {
            HttpResponse<String> r = f.get();
            if (r.statusCode() == 200) {
                ok++;
                spent = spent.add(JSON.readTree(r.body()).at("/usage/gatehouse_cost").decimalValue());
            } else {
                assertThat(r.statusCode()).isEqualTo(429);
                assertThat(JSON.readTree(r.body()).at("/error/code").asText()).isEqualTo("budget_exhausted");
                refused++;
            }
        }

        assertThat(ok + refused).isEqualTo(burst);
        assertThat(refused).isPositive();
        assertThat(ok).isEqualTo(cloud.requestCount()).isPositive();
        assertThat(spent).isLessThanOrEqualTo(new BigDecimal("0.05"));
        assertThat(gatehouse.get("/metrics").body()).contains("gatehouse_cost_total{target=\"cloud/big\",tenant=\"acme\"}");
    }
}
