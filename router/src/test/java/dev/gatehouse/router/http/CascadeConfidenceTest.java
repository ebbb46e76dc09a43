package dev.gatehouse.router.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.inference.ModelPool;
import dev.gatehouse.inference.NativeModelLoader;
import dev.gatehouse.inference.PoolSettings;
import dev.gatehouse.inference.provider.CircuitBreaker;
import dev.gatehouse.inference.provider.GuardedProvider;
import dev.gatehouse.inference.provider.ProviderClient;
import dev.gatehouse.inference.provider.RetryPolicy;
import dev.gatehouse.manifest.ManifestReader;
import dev.gatehouse.router.escalation.FakeProvider;
import dev.gatehouse.router.policy.Policy;
import dev.gatehouse.router.policy.PolicyReader;
import dev.gatehouse.router.routing.Outbound;
import dev.gatehouse.router.routing.RequestRouter;
import dev.gatehouse.router.routing.RouterSetup;
import io.helidon.webserver.WebServer;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cascade's confidence check on a real tiny model (the builtin stories260K in GGUF worker processes): the
 * llama.cpp engine is asked for token log-probabilities for the gate, the answer passes or escalates to a (fake)
 * provider on the policy's threshold, the client sees logprobs only when it asked; on java-llama.cpp, which gives
 * none, the check says it did not run.
 */
class CascadeConfidenceTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String ASK = """
            {"model":"auto","messages":[{"role":"user","content":"Once upon a time"}],"max_tokens":8,
             "temperature":0,"seed":1%s}""";

    @TempDir
    static Path dir;
    static ModelPool pool;
    final FakeProvider provider = FakeProvider.start();
    WebServer server;
    RunningGatehouse gatehouse;

    @BeforeAll
    static void startPool() throws IOException {
        Path models = Files.createDirectory(dir.resolve("models"));
        Path manifest = dir.resolve("models.yaml");
        Files.writeString(manifest, """
                models:
                  - {id: stories, builtin: stories260k, tasks: [chat], tier: small, default: true, slots: 1, context: 512}
                  - {id: stories-old, builtin: stories260k, engine: java-llama.cpp, tasks: [chat], tier: small,
                     slots: 1, context: 512}
                """);
        pool = new ModelPool(ManifestReader.read(manifest), new PoolSettings(2, 4, Duration.ofSeconds(60), 256),
                NativeModelLoader.create(models, dir.resolve("run")));
        pool.start();
    }

    @AfterAll
    static void stopPool() {
        if (pool != null) pool.close();
    }

    @AfterEach
    void stop() {
        if (server != null) server.stop();
        if (gatehouse != null) gatehouse.http.close();
        provider.close();
    }

    /** {@code local} answers first (the other model is below the floor), cascading to the provider. */
    void serve(String local, String confidence) {
        String other = local.equals("stories") ? "stories-old" : "stories";
        Policy policy = PolicyReader.parse("""
                targets:
                  - {id: %s, quality: {default: 0.6}}
                  - {id: %s, quality: {default: 0.1}}
                floors: {default: 0.3}
                priority: cheapest
                escalation:
                  cascade: {checks: [non_empty, {confidence: %s}]}
                providers:
                %s""".formatted(local, other, confidence, EscalatingGatehouse.provider("p1", "openai",
                provider.baseUrl(), "m", "public", "5", "5")), "test policy", EscalatingGatehouse.ENV);
        Clock clock = Clock.systemUTC();
        Outbound outbound = Outbound.connect(policy.escalation(), clock, p -> new GuardedProvider(
                ProviderClient.create(p.endpoint()), new CircuitBreaker(new CircuitBreaker.Settings(2, 1.0, 100,
                        Duration.ofMinutes(1), Duration.ofMinutes(5), 1)), RetryPolicy.none(), clock,
                RetryPolicy.Sleeper.REAL));
        RequestRouter router = RouterSetup.build(policy, "test policy", pool, 4, null, RouterSetup.scanner(policy),
                (prompt, embedding) -> 0.2, null, clock, outbound);
        server = GatehouseServer.start("127.0.0.1", 0, Components.of(pool, 1 << 20,
                RunningGatehouse.REQUEST_TIMEOUT, false, router));
        gatehouse = new RunningGatehouse(pool, server);
    }

    @Test
    void aConfidentEnoughLocalAnswerPassesAndTheClientThatDidNotAskGetsNoLogprobs() throws Exception {
        serve("stories", "-50.0");

        HttpResponse<String> r = gatehouse.post("/v1/chat/completions", ASK.formatted(""));

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("x-gatehouse-cascade")).as(r.headers().map().toString()).contains("passed");
        assertThat(r.headers().firstValue("x-gatehouse-model")).contains("stories");
        JsonNode choice = JSON.readTree(r.body()).at("/choices/0");
        assertThat(choice.at("/message/content").asText()).isNotBlank();
        assertThat(choice.get("logprobs").isNull()).as("the gate asked for them, not the client").isTrue();
        assertThat(provider.requestCount()).isZero();
    }

    @Test
    void aLocalAnswerBelowTheThresholdEscalatesToTheProvider() throws Exception {
        serve("stories", "{mean: -0.000001}");

        HttpResponse<String> r = gatehouse.post("/v1/chat/completions", ASK.formatted(""));

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("x-gatehouse-cascade")).as(r.headers().map().toString()).contains("escalated:confidence");
        assertThat(r.headers().firstValue("x-gatehouse-model")).contains("p1/m");
        assertThat(provider.requestCount()).isEqualTo(1);
        assertThat(provider.received().getFirst().json().has("logprobs")).as("the provider was not asked").isFalse();
    }

    @Test
    void aClientThatAskedForLogprobsGetsThemFromAPassedCascadeAnswer() throws Exception {
        serve("stories", "{min: -60.0}");

        HttpResponse<String> r = gatehouse.post("/v1/chat/completions", ASK.formatted(",\"logprobs\":true"));

        assertThat(r.headers().firstValue("x-gatehouse-cascade")).as(r.headers().map().toString()).contains("passed");
        JsonNode content = JSON.readTree(r.body()).at("/choices/0/logprobs/content");
        assertThat(content).isNotEmpty();
        assertThat(content.get(0).get("logprob").asDouble()).isLessThanOrEqualTo(0.0);
    }

    @Test
    void onAnEngineWithoutLogprobsTheCheckSaysItDidNotRunInsteadOfPassingSilently() throws Exception {
        serve("stories-old", "-0.000001");

        HttpResponse<String> r = gatehouse.post("/v1/chat/completions", ASK.formatted(""));

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("x-gatehouse-model")).contains("stories-old");
        assertThat(r.headers().firstValue("x-gatehouse-cascade")).as(r.headers().map().toString()).contains("passed;not_run:confidence");
        assertThat(provider.requestCount()).isZero();
    }
}
