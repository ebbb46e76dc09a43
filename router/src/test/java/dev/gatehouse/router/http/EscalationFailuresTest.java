package dev.gatehouse.router.http;

import static dev.gatehouse.router.http.EscalatingGatehouse.chat;
import static dev.gatehouse.router.http.EscalatingGatehouse.chatStreaming;
import static dev.gatehouse.router.http.EscalatingGatehouse.provider;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.router.escalation.FakeProvider;
import dev.gatehouse.router.escalation.FakeProvider.Fault;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Fallbacks, the circuit breaker, pinned provider models, the Anthropic stream translated to OpenAI chunks and the
 * cascade, on a real server with fake providers that fail on cue.
 */
class EscalationFailuresTest {

    static final ObjectMapper JSON = new ObjectMapper();

    final FakeProvider first = FakeProvider.start();
    final FakeProvider second = FakeProvider.start();
    final ScriptedChatModel tiny = ScriptedChatModel.saying(4096, "local", " answer");
    final ScriptedChatModel other = ScriptedChatModel.saying(4096, "other");
    RunningGatehouse gatehouse;

    @AfterEach
    void stop() {
        if (gatehouse != null) gatehouse.close();
        first.close();
        second.close();
    }

    /** p1/m ranks above p2/m above the local models (floor 0.5 keeps the locals out unless both fail). */
    String twoProviders(String extra) {
        return """
                targets:
                  - {id: tiny, quality: {default: 0.2}}
                  - {id: other, quality: {default: 0.1}}
                  - {id: p1/m, quality: {default: 0.95}}
                  - {id: p2/m, quality: {default: 0.9}}
                floors: {default: 0.0}
                priority: best
                providers:
                %s%s%s""".formatted(provider("p1", "openai", first.baseUrl(), "m", "public", "0", "0"),
                provider("p2", "anthropic", second.baseUrl(), "m", "public", "0", "0"), extra);
    }

    @Test
    void aProvider500FallsBackToTheNextProviderThenToALocalModelInTheDecisionsOrder() throws Exception {
        gatehouse = EscalatingGatehouse.start(twoProviders(""), tiny, other);
        first.nextResponses(new Fault.Status(500, null));
        second.nextResponses(new Fault.Status(503, null));

        JsonNode decision = JSON.readTree(gatehouse.post("/v1/route", chat("auto", "explain tides")).body());
        HttpResponse<String> r = gatehouse.post("/v1/chat/completions", chat("auto", "explain tides"));

        assertThat(decision.get("target").asText()).isEqualTo("p1/m");
        assertThat(decision.get("fallbacks")).extracting(JsonNode::asText).startsWith("p2/m", "tiny");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("x-gatehouse-model")).contains("tiny");
        assertThat(r.headers().firstValue("x-gatehouse-fallback-from")).contains("p1/m,p2/m");
        assertThat(first.requestCount()).isEqualTo(1);
        assertThat(second.requestCount()).isEqualTo(1);
        assertThat(tiny.started.get()).isEqualTo(1);
    }

    @Test
    void aProviderAnswering429WithRetryAfterIsSkippedAndTheNextOneAnswers() throws Exception {
        gatehouse = EscalatingGatehouse.start(twoProviders(""), tiny, other);
        first.nextResponses(new Fault.Status(429, "30"));

        HttpResponse<String> r = gatehouse.post("/v1/chat/completions", chat("auto", "explain tides"));
        JsonNode after = JSON.readTree(gatehouse.post("/v1/route", chat("auto", "explain tides")).body());

        assertThat(r.headers().firstValue("x-gatehouse-model")).contains("p2/m");
        assertThat(EscalationGatesTest.rejection(after, "p1/m")).isEqualTo("provider_unhealthy");
    }

    @Test
    void anOpenCircuitShowsInRouteAndTheProviderIsNotCalledWhileItIsOpen() throws Exception {
        gatehouse = EscalatingGatehouse.start(twoProviders(""), tiny, other);
        first.nextResponses(new Fault.Status(500, null), new Fault.Status(500, null));

        gatehouse.post("/v1/chat/completions", chat("auto", "explain tides"));
        gatehouse.post("/v1/chat/completions", chat("auto", "explain tides"));
        JsonNode decision = JSON.readTree(gatehouse.post("/v1/route", chat("auto", "explain tides")).body());
        HttpResponse<String> r = gatehouse.post("/v1/chat/completions", chat("auto", "explain tides"));

        assertThat(EscalationGatesTest.rejection(decision, "p1/m")).isEqualTo("provider_unhealthy");
        assertThat(decision.toString()).contains("circuit open");
        assertThat(decision.get("target").asText()).isEqualTo("p2/m");
        assertThat(r.headers().firstValue("x-gatehouse-model")).contains("p2/m");
        assertThat(first.requestCount()).isEqualTo(2);
    }

    @Test
    void aPinnedProviderModelFallsBackToTheBestLocalModelAndTheHeaderSaysWhoAnswered() throws Exception {
        gatehouse = EscalatingGatehouse.start(twoProviders(""), tiny, other);
        first.close(); // connection refused

        HttpResponse<String> r = gatehouse.post("/v1/chat/completions", chat("p1/m", "explain tides"));
        HttpResponse<String> off = gatehouse.post("/v1/chat/completions", chat("p1/m", "explain tides"),
                "x-gatehouse-fallbacks", "off");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("x-gatehouse-model")).contains("tiny");
        assertThat(r.headers().firstValue("x-gatehouse-fallback-from")).contains("p1/m");
        assertThat(off.statusCode()).isEqualTo(502);
        assertThat(JSON.readTree(off.body()).at("/error/code").asText()).isEqualTo("provider_failed");
        assertThat(second.requestCount()).isZero();
    }

    @Test
    void thePolicyCanTurnFallbacksOff() throws Exception {
        gatehouse = EscalatingGatehouse.start(twoProviders("escalation: {fallbacks: false}\n"), tiny, other);
        first.nextResponses(new Fault.Status(500, null));

        HttpResponse<String> r = gatehouse.post("/v1/chat/completions", chat("auto", "explain tides"));

        assertThat(r.statusCode()).isEqualTo(502);
        assertThat(second.requestCount()).isZero();
    }

    @Test
    void anAnthropicStreamIsProxiedAsOpenAiChunksWithTheCostInTheUsageChunk() throws Exception {
        gatehouse = EscalatingGatehouse.start(twoProviders(""), tiny, other);

        HttpResponse<String> r = gatehouse.post("/v1/chat/completions", chatStreaming("p2/m", "explain tides"));

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("x-gatehouse-model")).contains("p2/m");
        assertThat(second.received().getFirst().path()).isEqualTo("/v1/messages");
        List<JsonNode> events = new ArrayList<>();
        for (String line : r.body().split("\n")) {
            if (line.startsWith("data: {")) events.add(JSON.readTree(line.substring(6)));
        }
        StringBuilder text = new StringBuilder();
        events.forEach(e -> text.append(e.at("/choices/0/delta/content").asText("")));
        assertThat(text.toString()).isEqualTo("Hello, world!");
        assertThat(events).allSatisfy(e -> assertThat(e.get("object").asText()).isEqualTo("chat.completion.chunk"));
        assertThat(events.getLast().at("/usage/prompt_tokens").asInt()).isEqualTo(11);
        assertThat(events.getLast().at("/usage/gatehouse_cost").isNumber()).isTrue();
        assertThat(r.body()).endsWith("data: [DONE]\n\n");
    }

    @Test
    void aProviderServerMarkedLocalTakesConfidentialDataAsTheDecisionAllowed() throws Exception {
        gatehouse = EscalatingGatehouse.start("""
                targets:
                  - {id: tiny, quality: {default: 0.2}}
                  - {id: other, quality: {default: 0.1}}
                  - {id: p1/m, local: true, quality: {default: 0.95}, dataClasses: [public, internal, confidential]}
                priority: best
                providers:
                """ + provider("p1", "openai", first.baseUrl(), "m", "public, internal, confidential", "0", "0"),
                tiny, other);

        HttpResponse<String> r = gatehouse.post("/v1/chat/completions", chat("auto", "explain tides"),
                "x-gatehouse-data-class", "confidential");

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("x-gatehouse-model")).hasValue("p1/m");
        assertThat(first.requestCount()).isEqualTo(1);
        assertThat(first.received().getFirst().body()).contains("explain tides"); // on the premises: not masked
    }

    @Test
    void aStreamThatBreaksAfterItsFirstTokenReportsTheBreakInStreamInsteadOfFallingBack() throws Exception {
        gatehouse = EscalatingGatehouse.start(twoProviders(""), tiny, other);
        first.nextResponses(new Fault.CutAfter(2));

        HttpResponse<String> r = gatehouse.post("/v1/chat/completions", chatStreaming("auto", "explain tides"));

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("Hello").contains("\"error\"").doesNotContain("[DONE]");
        assertThat(second.requestCount()).isZero();
    }

    @Test
    void aLocalModelThatFailsBeforeItsFirstTokenFallsBackToAnotherLocalModelFirst() throws Exception {
        String local = twoProviders("").replace("{default: 0.95}", "{default: 0.05}").replace("{default: 0.9}",
                "{default: 0.04}");
        tiny.failingAfter(0);
        gatehouse = EscalatingGatehouse.start(local, tiny, other);

        HttpResponse<String> r = gatehouse.post("/v1/chat/completions", chat("auto", "explain tides"));

        assertThat(r.headers().firstValue("x-gatehouse-model")).contains("other");
        assertThat(r.headers().firstValue("x-gatehouse-fallback-from")).contains("tiny");
        assertThat(first.requestCount() + second.requestCount()).isZero();
    }

    String cascade() {
        return """
                targets:
                  - {id: tiny, quality: {default: 0.6}}
                  - {id: other, quality: {default: 0.1}}
                priority: cheapest
                escalation:
                  cascade: {checks: [non_empty, not_refusal]}
                providers:
                %s""".formatted(provider("p1", "openai", first.baseUrl(), "m", "public", "0.01", "0.01"));
    }

    @Test
    void aCascadeSendsTheLocalAnswerWhenItPassesTheQualityGate() throws Exception {
        gatehouse = EscalatingGatehouse.start(cascade(), tiny, other);

        HttpResponse<String> r = gatehouse.post("/v1/chat/completions", chatStreaming("auto", "explain tides"));

        assertThat(r.headers().firstValue("x-gatehouse-reasons").orElseThrow()).contains("cascade");
        assertThat(r.headers().firstValue("x-gatehouse-cascade")).contains("passed");
        assertThat(r.headers().firstValue("x-gatehouse-model")).contains("tiny");
        assertThat(r.body()).contains("local").contains(" answer").contains("[DONE]");
        assertThat(first.requestCount()).isZero();
    }

    @Test
    void aCascadeEscalatesWhenTheLocalAnswerIsARefusal() throws Exception {
        ScriptedChatModel refusing = ScriptedChatModel.saying(4096, "I'm sorry, but I can", "not help with that.");
        gatehouse = EscalatingGatehouse.start(cascade(), refusing, other);

        HttpResponse<String> r = gatehouse.post("/v1/chat/completions", chat("auto", "explain tides"));

        assertThat(r.headers().firstValue("x-gatehouse-cascade")).contains("escalated:not_refusal");
        assertThat(r.headers().firstValue("x-gatehouse-model")).contains("p1/m");
        assertThat(JSON.readTree(r.body()).at("/choices/0/message/content").asText()).isEqualTo("Hello, world!");
        assertThat(first.requestCount()).isEqualTo(1);
    }

    @Test
    void aCascadeEscalationTakesThePlaceUnderTheCapSoTheNextRequestIsNotEvenOfferedTheCascade() throws Exception {
        ScriptedChatModel refusing = ScriptedChatModel.saying(4096, "I'm sorry, but I can", "not help with that.");
        gatehouse = EscalatingGatehouse.start(cascade().replace("escalation:\n", "escalation:\n  perMinute: 1\n"),
                refusing, other);

        HttpResponse<String> escalated = gatehouse.post("/v1/chat/completions", chat("auto", "explain tides"));
        HttpResponse<String> kept = gatehouse.post("/v1/chat/completions", chat("auto", "explain tides"));

        assertThat(escalated.headers().firstValue("x-gatehouse-model")).contains("p1/m");
        assertThat(escalated.headers().firstValue("x-gatehouse-cascade")).contains("escalated:not_refusal");
        assertThat(kept.headers().firstValue("x-gatehouse-cascade")).isEmpty();
        assertThat(kept.headers().firstValue("x-gatehouse-model")).contains("tiny");
        assertThat(first.requestCount()).isEqualTo(1);
        assertThat(gatehouse.get("/metrics").body())
                .contains("gatehouse_escalation_capped_total{limit=\"per_minute\"} 1.0");
    }
}
