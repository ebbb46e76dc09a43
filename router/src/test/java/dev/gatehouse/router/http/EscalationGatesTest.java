package dev.gatehouse.router.http;

import static dev.gatehouse.router.http.EscalatingGatehouse.chat;
import static dev.gatehouse.router.http.EscalatingGatehouse.provider;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.router.escalation.FakeProvider;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Each gate of escalation on a real server with a real fake provider: the data class, the tenant, the budget, the
 * escalation cap; a blocked escalation shows in {@code /v1/route} as a rejected candidate with the gate's code.
 */
class EscalationGatesTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String ACME_KEY = "sk-acme-test";

    final FakeProvider cloud = FakeProvider.start();
    final ScriptedChatModel tiny = ScriptedChatModel.saying(4096, "local", " answer");
    final ScriptedChatModel other = ScriptedChatModel.saying(4096, "other");
    RunningGatehouse gatehouse;

    @AfterEach
    void stop() {
        if (gatehouse != null) gatehouse.close();
        cloud.close();
    }

    /** tiny is below the floor of 0.5, so every request would escalate to cloud/big unless a gate says no. */
    String policy(String extra) {
        return """
                targets:
                  - {id: tiny, quality: {default: 0.2}}
                  - {id: other, quality: {default: 0.1}}
                floors: {default: 0.5}
                tenants:
                  - {id: acme, apiKeys: [%s]}
                  - {id: globex, apiKeys: [sk-globex-test]}
                providers:
                %s%s""".formatted(ACME_KEY, provider("cloud", "openai", cloud.baseUrl(), "big", "public",
                "0.001", "0.002"), extra);
    }

    JsonNode route(String content, String... headers) throws Exception {
        HttpResponse<String> r = gatehouse.post("/v1/route", chat("auto", content), headers);
        assertThat(r.statusCode()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    static String rejection(JsonNode decision, String target) {
        for (JsonNode r : decision.get("rejected")) {
            if (r.get("target").asText().equals(target)) return r.get("reason").asText();
        }
        return null;
    }

    @Test
    void aPublicRequestThatNoLocalModelCanAnswerWellEscalatesAndTheResponseNamesTheProviderModel() throws Exception {
        gatehouse = EscalatingGatehouse.start(policy(""), tiny, other);

        HttpResponse<String> r = gatehouse.post("/v1/chat/completions", chat("auto", "explain how tides work"));

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("x-gatehouse-model")).contains("cloud/big");
        assertThat(r.headers().firstValue("x-gatehouse-reasons").orElseThrow()).contains("escalated");
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.at("/choices/0/message/content").asText()).isEqualTo("Hello, world!");
        // 11 prompt tokens at 0.001 per 1k plus 4 completion tokens at 0.002 per 1k
        assertThat(body.at("/usage/gatehouse_cost").decimalValue()).isEqualByComparingTo("0.000019");
        assertThat(cloud.received().getFirst().headers().get("authorization")).isEqualTo("Bearer sk-fake-provider-key");
    }

    @Test
    void restrictedDataNeverLeavesEvenWhenTheClientNamesTheProviderModel() throws Exception {
        gatehouse = EscalatingGatehouse.start(policy(""), tiny, other);
        String card = "charge my card 4111 1111 1111 1111 today";

        JsonNode auto = route(card);
        HttpResponse<String> pinned = gatehouse.post("/v1/chat/completions", chat("cloud/big", card));
        HttpResponse<String> declared = gatehouse.post("/v1/chat/completions", chat("auto", "explain tides"),
                "x-gatehouse-data-class", "restricted");

        assertThat(auto.get("target").asText()).isEqualTo("tiny");
        assertThat(rejection(auto, "cloud/big")).isEqualTo("data_class_not_allowed");
        assertThat(pinned.statusCode()).isEqualTo(403);
        assertThat(declared.headers().firstValue("x-gatehouse-model")).contains("tiny");
        assertThat(cloud.requestCount()).isZero();
    }

    @Test
    void confidentialDataGoesOutOnlyMaskedWhenThePolicySaysSoAndTheAnswerGetsTheValuesBack() throws Exception {
        String masking = policy("escalation: {maskConfidential: true}\n")
                .replace("dataClasses: [public]", "dataClasses: [public, internal, confidential]");
        gatehouse = EscalatingGatehouse.start(masking, tiny, other);
        cloud.reply(java.util.List.of("I wrote to <EMAIL_ADDRESS_1>", "."), 20, "stop");
        String text = "please write to jane.doe@example.com and call +1 415 555 0100 about the invoice";

        JsonNode decision = route(text);
        HttpResponse<String> r = gatehouse.post("/v1/chat/completions", chat("auto", text));

        assertThat(decision.get("dataClass").asText()).isEqualTo("confidential");
        assertThat(decision.get("target").asText()).isEqualTo("cloud/big");
        assertThat(r.headers().firstValue("x-gatehouse-model")).contains("cloud/big");
        String sent = cloud.received().getFirst().body();
        assertThat(sent).doesNotContain("jane.doe@example.com").doesNotContain("555 0100").contains("<EMAIL_ADDRESS_1>");
        assertThat(JSON.readTree(r.body()).at("/choices/0/message/content").asText())
                .isEqualTo("I wrote to jane.doe@example.com.");
    }

    @Test
    void confidentialDataStaysLocalWithoutMasking() throws Exception {
        gatehouse = EscalatingGatehouse.start(policy("").replace("dataClasses: [public]",
                "dataClasses: [public, internal, confidential]"), tiny, other);

        JsonNode decision = route("please write to jane.doe@example.com and call +1 415 555 0100 about the invoice");

        assertThat(decision.get("target").asText()).isEqualTo("tiny");
        assertThat(rejection(decision, "cloud/big")).isEqualTo("data_class_not_allowed");
    }

    @Test
    void onlyTenantsThePolicyNamesMayEscalate() throws Exception {
        gatehouse = EscalatingGatehouse.start(policy("escalation: {tenants: [acme]}\n"), tiny, other);

        JsonNode anonymous = route("explain how tides work");
        JsonNode globex = route("explain how tides work", "Authorization", "Bearer sk-globex-test");
        JsonNode acme = route("explain how tides work", "Authorization", "Bearer " + ACME_KEY);

        assertThat(rejection(anonymous, "cloud/big")).isEqualTo("tenant_may_not_escalate");
        assertThat(rejection(globex, "cloud/big")).isEqualTo("tenant_may_not_escalate");
        assertThat(acme.get("target").asText()).isEqualTo("cloud/big");
    }

    @Test
    void aTenantOutOfBudgetIsServedLocallyWhenThePolicySaysLocal() throws Exception {
        gatehouse = EscalatingGatehouse.start(policy("""
                budgets:
                  onExhausted: local
                  tenants: {acme: {daily: 0.0000001}}
                """), tiny, other);

        JsonNode decision = route("explain how tides work", "Authorization", "Bearer " + ACME_KEY);
        HttpResponse<String> r = gatehouse.post("/v1/chat/completions", chat("auto", "explain how tides work"),
                "Authorization", "Bearer " + ACME_KEY);

        assertThat(rejection(decision, "cloud/big")).isEqualTo("budget_exhausted");
        assertThat(decision.get("target").asText()).isEqualTo("tiny");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("x-gatehouse-model")).contains("tiny");
        assertThat(cloud.requestCount()).isZero();
    }

    @Test
    void aTenantOutOfBudgetGetsA429SayingWhichBudgetWhenThePolicySaysReject() throws Exception {
        gatehouse = EscalatingGatehouse.start(policy("""
                budgets:
                  tenants: {acme: {daily: 0.0000001}}
                """), tiny, other);

        HttpResponse<String> r = gatehouse.post("/v1/chat/completions", chat("auto", "explain how tides work"),
                "Authorization", "Bearer " + ACME_KEY);

        assertThat(r.statusCode()).isEqualTo(429);
        JsonNode error = JSON.readTree(r.body()).get("error");
        assertThat(error.get("code").asText()).isEqualTo("budget_exhausted");
        assertThat(error.get("message").asText()).contains("daily budget of tenant 'acme'");
        assertThat(r.headers().firstValue("retry-after")).isPresent();
    }

    @Test
    void theEscalationCapKeepsRequestsLocalOnceItsMinuteIsFullAndCountsEachTimeItBites() throws Exception {
        gatehouse = EscalatingGatehouse.start(policy("escalation: {perMinute: 1}\n"), tiny, other);

        HttpResponse<String> first = gatehouse.post("/v1/chat/completions", chat("auto", "explain how tides work"));
        JsonNode dry = route("explain how tides work");
        HttpResponse<String> second = gatehouse.post("/v1/chat/completions", chat("auto", "explain how tides work"));

        assertThat(first.headers().firstValue("x-gatehouse-model")).contains("cloud/big");
        assertThat(rejection(dry, "cloud/big")).isEqualTo("escalation_rate_capped");
        assertThat(second.headers().firstValue("x-gatehouse-model")).contains("tiny");
        assertThat(cloud.requestCount()).isEqualTo(1);
        assertThat(gatehouse.get("/metrics").body())
                .contains("gatehouse_escalation_capped_total{limit=\"per_minute\"} 1.0");
    }
}
