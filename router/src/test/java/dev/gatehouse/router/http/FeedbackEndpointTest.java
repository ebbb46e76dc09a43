package dev.gatehouse.router.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.inference.ModelPool;
import dev.gatehouse.inference.PoolSettings;
import dev.gatehouse.manifest.Manifest;
import dev.gatehouse.router.decisionlog.DecisionLog;
import dev.gatehouse.router.feedback.FeedbackLog;
import dev.gatehouse.router.policy.PolicyReader;
import dev.gatehouse.router.privacy.DataClass;
import dev.gatehouse.router.privacy.PrivacyReport;
import dev.gatehouse.router.routing.RouterSetup;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Feedback on a real server's real decision: stored beside the decision log, refused clearly when it cannot be. */
class FeedbackEndpointTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String POLICY = """
            targets:
              - {id: tiny, tier: small, quality: {default: 0.5}}
            """;

    @TempDir
    Path logDir;
    RunningGatehouse gatehouse;
    DecisionLog log;

    @BeforeEach
    void start() {
        Manifest manifest = new Manifest(List.of(RunningGatehouse.chatSpec("tiny", true, 2)));
        ModelPool pool = new ModelPool(manifest, new PoolSettings(2, 4, Duration.ofSeconds(5), 256),
                new ScriptedLoader().with("tiny", ScriptedChatModel.saying(256, "Once", " upon")));
        pool.start();
        log = DecisionLog.open(logDir, 1 << 20, 3, "test-key".getBytes(StandardCharsets.UTF_8));
        var router = RouterSetup.build(PolicyReader.parse(POLICY, "test policy"), "test policy", pool, 4, null,
                text -> new PrivacyReport(DataClass.PUBLIC, List.of()), (prompt, embedding) -> 0.3, log,
                Clock.systemUTC());
        gatehouse = RunningGatehouse.serve(Components.of(pool, 1 << 20, RunningGatehouse.REQUEST_TIMEOUT, false,
                router));
    }

    @AfterEach
    void stop() {
        gatehouse.close();
        log.close();
    }

    @Test
    void feedbackOnALoggedDecisionIsStoredBesideTheDecisionLog() throws Exception {
        var chat = gatehouse.post("/v1/chat/completions",
                "{\"model\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":\"Once upon a time\"}]}");
        String id = chat.headers().firstValue("x-gatehouse-decision-id").orElseThrow();

        var response = gatehouse.post("/v1/feedback",
                "{\"decision_id\":\"" + id + "\",\"score\":0.25,\"preferred_target\":\"openai/gpt-4o\"}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(response.body()).get("recorded").asBoolean()).isTrue();
        var stored = FeedbackLog.read(logDir).get(id);
        assertThat(stored.score()).isEqualTo(0.25);
        assertThat(stored.preferredTarget()).isEqualTo("openai/gpt-4o");
        assertThat(Files.readString(logDir.resolve(FeedbackLog.FILE))).doesNotContain("Once upon");
    }

    @Test
    void feedbackOnADecisionTheLogDoesNotHoldIsA404NamingTheId() throws Exception {
        var response = gatehouse.post("/v1/feedback", "{\"decision_id\":\"no-such-decision\",\"score\":1}");
        assertThat(response.statusCode()).isEqualTo(404);
        JsonNode error = JSON.readTree(response.body()).get("error");
        assertThat(error.get("param").asText()).isEqualTo("decision_id");
        assertThat(Files.exists(logDir.resolve(FeedbackLog.FILE))).isFalse();
    }

    @Test
    void aBadJudgementIsA400NamingEveryBrokenField() throws Exception {
        var response = gatehouse.post("/v1/feedback", "{\"decision_id\":\"x\",\"score\":7,\"label\":42}");
        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode error = JSON.readTree(response.body()).get("error");
        assertThat(error.get("param").asText()).isEqualTo("score");
        assertThat(error.get("message").asText()).contains("score: must be a number from 0 to 1", "label:");
    }
}
