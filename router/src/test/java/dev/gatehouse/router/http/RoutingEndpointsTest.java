package dev.gatehouse.router.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.inference.ModelPool;
import dev.gatehouse.inference.PoolSettings;
import dev.gatehouse.manifest.Manifest;
import dev.gatehouse.router.cli.GatehouseCli;
import dev.gatehouse.router.decisionlog.DecisionLog;
import dev.gatehouse.router.policy.PolicyReader;
import dev.gatehouse.router.privacy.DataClass;
import dev.gatehouse.router.privacy.Finding;
import dev.gatehouse.router.privacy.PrivacyReport;
import dev.gatehouse.router.routing.RouterSetup;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /v1/route}, the routing headers of chat responses, the decision log and {@code explain}, on a real server. */
class RoutingEndpointsTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String CANARY = "CANARY-q8Zr1-do-not-log";
    static final String POLICY = """
            targets:
              - id: tiny
                tier: small
                quality: {default: 0.5}
              - id: cloud/big
                tier: large
                quality: {default: 0.9}
                dataClasses: [public, internal]
            tenants:
              - id: acme
                tier: premium
                apiKeys: [sk-acme]
                dataClass: internal
            """;

    @TempDir
    Path logDir;
    ScriptedChatModel tiny = ScriptedChatModel.saying(256, "Once", " upon", " a", " time");
    ScriptedChatModel other = ScriptedChatModel.saying(256, "other");
    RunningGatehouse gatehouse;
    DecisionLog log;

    @BeforeEach
    void start() {
        Manifest manifest = new Manifest(List.of(
                RunningGatehouse.chatSpec("tiny", true, 2, "stories"),
                RunningGatehouse.chatSpec("other", false, 1),
                RunningGatehouse.embeddingSpec("minilm", true)));
        ModelPool pool = new ModelPool(manifest, new PoolSettings(2, 4, Duration.ofSeconds(5), 256),
                new ScriptedLoader().with("tiny", tiny).with("other", other).with("minilm", new ScriptedEmbeddingModel()));
        pool.start();
        log = DecisionLog.open(logDir, 1 << 20, 3, "test-key".getBytes(StandardCharsets.UTF_8));
        var router = RouterSetup.build(PolicyReader.parse(POLICY, "test policy"), "test policy", pool, 4, null,
                RoutingEndpointsTest::cardScanner, (prompt, embedding) -> 0.3, log, Clock.systemUTC());
        gatehouse = RunningGatehouse.serve(Components.of(pool, 1 << 20, RunningGatehouse.REQUEST_TIMEOUT, false,
                router));
    }

    @AfterEach
    void stop() {
        gatehouse.close();
        log.close();
    }

    /** Finds a test card number: enough to drive the policy through a real server. */
    static PrivacyReport cardScanner(String text) {
        int at = text.indexOf("4111 1111 1111 1111");
        return at < 0 ? new PrivacyReport(DataClass.PUBLIC, List.of())
                : new PrivacyReport(DataClass.RESTRICTED, List.of(new Finding("CREDIT_CARD", at, at + 19, 1.0)));
    }

    static String body(String model, String content) {
        return "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"" + content + "\"}]}";
    }

    @Test
    void routeReturnsTheDecisionWithoutGenerating() throws Exception {
        var response = gatehouse.post("/v1/route", body("auto", "my card is 4111 1111 1111 1111, write a story"));

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode d = JSON.readTree(response.body());
        assertThat(d.get("target").asText()).isEqualTo("tiny");
        assertThat(d.get("fallbacks")).extracting(JsonNode::asText).containsExactly("other");
        assertThat(d.get("reasons").get(0).get("code").asText()).isEqualTo("best_score");
        assertThat(d.get("reasons").get(0).get("detail").asText()).contains("tiny");
        assertThat(d.get("rejected")).anySatisfy(r -> {
            assertThat(r.get("target").asText()).isEqualTo("cloud/big");
            assertThat(r.get("reason").asText()).isEqualTo("data_class_not_allowed");
        });
        assertThat(d.get("dataClass").asText()).isEqualTo("restricted");
        assertThat(d.get("findings").get(0).get("type").asText()).isEqualTo("CREDIT_CARD");
        assertThat(d.get("findings").get(0).get("start").asInt()).isEqualTo(11);
        assertThat(d.get("findings").get(0).get("end").asInt()).isEqualTo(30);
        assertThat(d.get("category").asText()).isEqualTo("creative");
        assertThat(d.get("difficulty").asDouble()).isEqualTo(0.3);
        assertThat(d.get("capacity").get("targets").get("tiny").get("state").asText()).isEqualTo("loaded");
        assertThat(response.headers().firstValue("x-gatehouse-decision-id")).hasValue(d.get("id").asText());
        assertThat(response.headers().firstValue("x-gatehouse-reasons")).hasValue("best_score");
        assertThat(tiny.started.get()).isZero();
    }

    @Test
    void chatResponsesCarryTheDecisionIdAndReasons() {
        var response = gatehouse.post("/v1/chat/completions", body("auto", "tell me a story"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("x-gatehouse-model")).hasValue("tiny");
        assertThat(response.headers().firstValue("x-gatehouse-decision-id"))
                .isEqualTo(response.headers().firstValue("x-gatehouse-request-id")).isPresent();
        assertThat(response.headers().firstValue("x-gatehouse-reasons")).hasValue("best_score");
    }

    @Test
    void aPinnedModelIsServedWithThePinnedReason() {
        var response = gatehouse.post("/v1/chat/completions", body("other", "hello"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("x-gatehouse-model")).hasValue("other");
        assertThat(response.headers().firstValue("x-gatehouse-reasons")).hasValue("pinned");
    }

    @Test
    void aCardNumberPinnedToACloudTargetIsRefusedWith403NamingTheReason() throws Exception {
        var response = gatehouse.post("/v1/chat/completions", body("cloud/big", "pay with 4111 1111 1111 1111"));

        assertThat(response.statusCode()).isEqualTo(403);
        JsonNode error = JSON.readTree(response.body()).get("error");
        assertThat(error.get("code").asText()).isEqualTo("policy_violation");
        assertThat(error.get("message").asText()).contains("pinned_vetoed", "restricted data never leaves");
        assertThat(response.headers().firstValue("x-gatehouse-reasons")).hasValue("pinned_vetoed");
    }

    @Test
    void aTenantsDeclaredClassAndTheDataClassHeaderOnlyRaiseTheClass() throws Exception {
        var tenant = JSON.readTree(gatehouse.post("/v1/route", body("auto", "hello"),
                "Authorization", "Bearer sk-acme").body());
        var header = JSON.readTree(gatehouse.post("/v1/route", body("auto", "hello"),
                "Authorization", "Bearer sk-acme", "x-gatehouse-data-class", "confidential").body());
        var lower = JSON.readTree(gatehouse.post("/v1/route", body("auto", "card 4111 1111 1111 1111"),
                "x-gatehouse-data-class", "public").body());

        assertThat(tenant.get("dataClass").asText()).isEqualTo("internal");
        assertThat(tenant.get("features").get("tenant").asText()).isEqualTo("acme");
        assertThat(header.get("dataClass").asText()).isEqualTo("confidential");
        assertThat(lower.get("dataClass").asText()).isEqualTo("restricted");
    }

    @Test
    void badRoutingHeadersAre400sNamingTheHeader() throws Exception {
        var priority = gatehouse.post("/v1/route", body("auto", "hi"), "x-gatehouse-priority", "urgent");
        var dataClass = gatehouse.post("/v1/chat/completions", body("auto", "hi"), "x-gatehouse-data-class", "secret");

        assertThat(priority.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(priority.body()).get("error").get("message").asText())
                .contains("x-gatehouse-priority", "private-only", "urgent");
        assertThat(dataClass.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(dataClass.body()).get("error").get("param").asText())
                .isEqualTo("x-gatehouse-data-class");
    }

    @Test
    void theDecisionLogHoldsOutcomesAndAKeyedHashButNeverThePromptText() throws Exception {
        var chat = gatehouse.post("/v1/chat/completions", body("auto", "a story about " + CANARY));
        gatehouse.post("/v1/route", body("auto", "route " + CANARY));
        String id = chat.headers().firstValue("x-gatehouse-decision-id").orElseThrow();

        JsonNode line = awaitLogged(id);
        assertThat(line.get("outcome").get("status").asInt()).isEqualTo(200);
        assertThat(line.get("outcome").get("servedBy").asText()).isEqualTo("tiny");
        assertThat(line.get("outcome").get("completionTokens").asInt()).isEqualTo(4);
        assertThat(line.get("promptHmac").asText()).isEqualTo(log.hash("a story about " + CANARY));
        assertThat(line.get("decision").get("capacity").get("targets").has("tiny")).isTrue();
        try (Stream<Path> files = Files.list(logDir)) {
            for (Path file : files.toList()) {
                assertThat(Files.readString(file)).as(file.toString()).doesNotContain(CANARY).doesNotContain("q8Zr1");
            }
        }
    }

    @Test
    void explainPrintsALoggedDecisionInPlainWords() {
        var chat = gatehouse.post("/v1/chat/completions", body("auto", "card 4111 1111 1111 1111 story"));
        String id = chat.headers().firstValue("x-gatehouse-decision-id").orElseThrow();
        awaitLogged(id);

        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = GatehouseCli.run(new String[] {"explain", id, "--log", logDir.toString()}, new PrintWriter(out),
                new PrintWriter(err), Map.of(), dir -> null);

        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).contains("Decision " + id, "Chosen: tiny", "Data: restricted with 1 finding(s)",
                "best_score", "cloud/big: data_class_not_allowed", "Outcome: status 200");
        int missing = GatehouseCli.run(new String[] {"explain", "no-such-id", "--log", logDir.toString()},
                new PrintWriter(out), new PrintWriter(err), Map.of(), dir -> null);
        assertThat(missing).isEqualTo(1);
        assertThat(err.toString()).contains("no decision no-such-id");
    }

    @Test
    void theLogRotatesBySizeAndKeepsAtMostMaxFiles(@TempDir Path dir) throws Exception {
        ModelPool pool = gatehouse.pool;
        try (DecisionLog small = DecisionLog.open(dir, 2048, 2, new byte[] {1})) {
            var router = RouterSetup.build(PolicyReader.parse(POLICY, "p"), "p", pool, 4, null, small,
                    Clock.systemUTC());
            for (int i = 0; i < 10; i++) {
                var input = new dev.gatehouse.router.features.ChatInput(List.of(new dev.gatehouse.inference.ChatMessage(
                        dev.gatehouse.inference.ChatMessage.Role.USER, "hello " + i)), null, false, false, null,
                        new dev.gatehouse.router.features.RequestFeatures.Requested("r" + i, null,
                                dev.gatehouse.router.features.Priority.BALANCED, null));
                var d = router.dryRun(router.features(input));
                router.finished(d, dev.gatehouse.router.decisionlog.Outcome.dryRun(1), router.promptHash(input));
            }
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted().toList())
                    .containsExactly("decisions.1.jsonl", "decisions.jsonl");
        }
        assertThat(DecisionLog.find(dir, "r9")).isPresent();
        assertThat(DecisionLog.find(dir, "r0")).as("the oldest lines were rotated away").isEmpty();
    }

    /** The log line is written when the response is done, just after the client has it. */
    private JsonNode awaitLogged(String id) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            var line = DecisionLog.find(logDir, id);
            if (line.isPresent() && !line.get().get("outcome").get("dryRun").asBoolean()) {
                return line.get();
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("decision " + id + " was not logged within 10 s");
    }
}
