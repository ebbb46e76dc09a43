package dev.gatehouse.router.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.inference.ModelPool;
import dev.gatehouse.inference.PoolSettings;
import dev.gatehouse.manifest.Manifest;
import dev.gatehouse.router.escalation.FakeProvider;
import dev.gatehouse.router.policy.Policy;
import dev.gatehouse.router.policy.PolicyReader;
import dev.gatehouse.router.pools.FakeEngineMetrics;
import dev.gatehouse.router.pools.MovableClock;
import dev.gatehouse.router.routing.Outbound;
import dev.gatehouse.router.routing.RequestRouter;
import dev.gatehouse.router.routing.RouterSetup;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A real Gatehouse in front of a vLLM pool on premises: its chat answers come from an OpenAI-compatible fake, its
 * load from a real HTTP endpoint speaking vLLM's Prometheus metrics. The pool's model is better than the front's
 * own, so the pool gets requests whenever its reading allows; the router's clock moves by hand, so readings age
 * without waiting.
 */
class EnginePoolCapacityTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String CHAT = EscalatingGatehouse.chat("auto", "tell me a story");

    final FakeEngineMetrics metrics = FakeEngineMetrics.start();
    final FakeProvider vllm = FakeProvider.start();
    final MovableClock clock = new MovableClock(Instant.parse("2026-12-06T12:00:00Z"));
    RunningGatehouse front;
    Outbound outbound;

    @BeforeEach
    void start() {
        Manifest manifest = new Manifest(List.of(RunningGatehouse.chatSpec("tiny", true, 2)));
        ModelPool pool = new ModelPool(manifest, new PoolSettings(2, 4, Duration.ofSeconds(5), 4096),
                new ScriptedLoader().with("tiny", ScriptedChatModel.saying(4096, "local", " answer")));
        pool.start();
        Policy policy = PolicyReader.parse("""
                targets:
                  - id: tiny
                    tier: small
                  - id: vllm/llama
                    baseUrl: %s
                    onPremises: true
                    capacity: {prometheus: %s, every: 10m, timeout: 5s, staleAfter: 15m, maxWaiting: 4}
                    tier: large
                    quality: {default: 0.9}
                    tokensPerSecond: 80
                """.formatted(vllm.baseUrl(), metrics.url()), "front policy");
        outbound = Outbound.connect(policy.escalation(), clock);
        RequestRouter router = RouterSetup.build(policy, "front policy", pool, 4, null, RouterSetup.scanner(policy),
                (prompt, embedding) -> 0.2, null, clock, outbound);
        front = RunningGatehouse.serve(Components.of(pool, 1 << 20, RunningGatehouse.REQUEST_TIMEOUT, false, router));
    }

    @AfterEach
    void stop() {
        front.close();
        outbound.close();
        metrics.close();
        vllm.close();
    }

    JsonNode route() throws Exception {
        return JSON.readTree(front.post("/v1/route", CHAT).body());
    }

    @Test
    void aPoolWithRoomTakesTheRequestAndItsModelAnswers() throws Exception {
        metrics.vllm(3, 0, 0.4);
        outbound.pools().poll("vllm");

        HttpResponse<String> answer = front.post("/v1/chat/completions", CHAT);

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(answer.headers().firstValue("x-gatehouse-model")).hasValue("vllm/llama");
        assertThat(JSON.readTree(answer.body()).get("choices").get(0).get("message").get("content").asText())
                .isEqualTo("Hello, world!");
        assertThat(vllm.received()).singleElement().satisfies(r -> {
            assertThat(r.json().get("model").asText()).as("the pool is asked for its model").isEqualTo("llama");
            assertThat(r.headers()).as("no key was configured, none is sent").doesNotContainKey("authorization");
        });
    }

    @Test
    void aPoolWithRequestsWaitingAtItsLimitIsAvoidedWithTheReason() throws Exception {
        metrics.vllm(40, 4, 0.6);
        outbound.pools().poll("vllm");

        JsonNode route = route();
        HttpResponse<String> answer = front.post("/v1/chat/completions", CHAT);

        assertThat(route.get("target").asText()).isEqualTo("tiny");
        assertThat(OnPremisesPoolsTest.rejection(route, "vllm/llama")).isEqualTo("pool_full");
        assertThat(route.toString()).contains("pool vllm: 40 running and 4 waiting (limit 4)");
        assertThat(answer.headers().firstValue("x-gatehouse-model")).hasValue("tiny");
        assertThat(vllm.requestCount()).isZero();
    }

    @Test
    void aPoolWhoseKvCacheIsFullIsAvoided() throws Exception {
        metrics.vllm(12, 0, 0.99);
        outbound.pools().poll("vllm");

        JsonNode route = route();

        assertThat(route.get("target").asText()).isEqualTo("tiny");
        assertThat(route.toString()).contains("KV cache 99% used (limit 95%)");
    }

    @Test
    void aPoolThatStopsAnsweringCountsUntilStaleAfterThenIsRejectedAsStale() throws Exception {
        metrics.vllm(1, 0, 0.1);
        outbound.pools().poll("vllm");
        metrics.close();
        clock.move(Duration.ofMinutes(5));
        outbound.pools().poll("vllm");

        JsonNode oneMissedPoll = route();
        clock.move(Duration.ofMinutes(11));
        outbound.pools().poll("vllm");
        JsonNode stale = route();
        HttpResponse<String> answer = front.post("/v1/chat/completions", CHAT);

        assertThat(oneMissedPoll.get("target").asText()).as("a fresh enough reading still counts")
                .isEqualTo("vllm/llama");
        assertThat(stale.get("target").asText()).isEqualTo("tiny");
        assertThat(OnPremisesPoolsTest.rejection(stale, "vllm/llama")).isEqualTo("pool_stale");
        assertThat(stale.toString()).contains("pool vllm last answered 16 min ago (stale after 15 min); "
                + "last poll: ");
        assertThat(answer.headers().firstValue("x-gatehouse-model")).hasValue("tiny");
        assertThat(vllm.requestCount()).isZero();
    }

    @Test
    void aPoolNeverPolledYetIsNotChosenOnAGuess() throws Exception {
        // the metrics page is still empty: the poll at start finds no engine metrics, so no reading arrives
        JsonNode route = route();

        assertThat(route.get("target").asText()).isEqualTo("tiny");
        assertThat(OnPremisesPoolsTest.rejection(route, "vllm/llama")).isEqualTo("pool_stale");
        assertThat(route.toString()).contains("pool vllm has not answered a capacity poll yet");
    }
}
