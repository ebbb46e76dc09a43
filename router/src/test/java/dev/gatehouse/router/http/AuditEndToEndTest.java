package dev.gatehouse.router.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.inference.ModelPool;
import dev.gatehouse.inference.PoolSettings;
import dev.gatehouse.manifest.Manifest;
import dev.gatehouse.router.access.AccessGate;
import dev.gatehouse.router.access.AccessSettings;
import dev.gatehouse.router.audit.AuditTrail;
import dev.gatehouse.router.audit.AuditVerifier;
import dev.gatehouse.router.policy.Policy;
import dev.gatehouse.router.policy.PolicyReader;
import dev.gatehouse.router.routing.RouterSetup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The audit trail behind a real server: what a chat request leaves in it, and a disk that is full. */
class AuditEndToEndTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String SECRET_TEXT = "write to alice.martin@example.com about CANARY-7f3k";

    @TempDir
    Path dir;
    RunningGatehouse gatehouse;
    AuditTrail audit;

    void start(Path auditFile) {
        Manifest manifest = new Manifest(List.of(RunningGatehouse.chatSpec("tiny", true, 2)));
        ModelPool pool = new ModelPool(manifest, new PoolSettings(2, 4, Duration.ofSeconds(5), 256),
                new ScriptedLoader().with("tiny", ScriptedChatModel.saying(256, "done")));
        pool.start();
        Policy policy = PolicyReader.parse("targets:\n  - id: tiny\n    tier: small\n    quality: {default: 0.5}\n",
                "test policy");
        audit = AuditTrail.open(auditFile, Clock.systemUTC());
        var router = RouterSetup.build(policy, "test policy", pool, 4, null, RouterSetup.scanner(policy),
                (prompt, embedding) -> 0.3, null, Clock.systemUTC()).withAudit(audit);
        gatehouse = RunningGatehouse.serve(Components.of(pool, 1 << 20, RunningGatehouse.REQUEST_TIMEOUT, false,
                router).withAccess(AccessGate.withoutKeys(AccessSettings.Exposure.LOOPBACK_WITHOUT_KEYS, audit)));
    }

    @AfterEach
    void stop() {
        if (gatehouse != null) gatehouse.close();
        if (audit != null) audit.close();
    }

    String chat() {
        return "{\"messages\":[{\"role\":\"user\",\"content\":\"" + SECRET_TEXT + "\"}]}";
    }

    @Test
    void aChatDecisionAndAnAdminActionAreChainedWithoutPromptText() throws Exception {
        Path file = dir.resolve("audit.jsonl");
        start(file);
        var response = gatehouse.post("/v1/chat/completions", chat());
        assertThat(response.statusCode()).isEqualTo(200);
        String decisionId = response.headers().firstValue("x-gatehouse-decision-id").orElseThrow();
        gatehouse.post("/v1/pool/tiny/unload", "{}");

        // both entries are written once their responses are done, which the client may see first
        List<String> lines = Files.readAllLines(file);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (lines.size() < 2 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
            lines = Files.readAllLines(file);
        }
        assertThat(lines).hasSize(2);
        JsonNode decision = JSON.readTree(lines.get(0));
        assertThat(decision.get("decisionId").asText()).isEqualTo(decisionId);
        assertThat(decision.get("findingTypes").toString()).contains("EMAIL_ADDRESS");
        assertThat(decision.get("servedBy").asText()).isEqualTo("tiny");
        JsonNode admin = JSON.readTree(lines.get(1));
        assertThat(admin.get("kind").asText()).isEqualTo("admin");
        assertThat(admin.get("path").asText()).isEqualTo("/v1/pool/tiny/unload");
        assertThat(admin.get("prev").asText()).isEqualTo(decision.get("hash").asText());
        String all = Files.readString(file);
        assertThat(all).doesNotContain("alice").doesNotContain("CANARY-7f3k");
        assertThat(AuditVerifier.verify(file).intact()).isTrue();

        assertThat(audit.sync(Duration.ofSeconds(10))).isTrue();
        JsonNode state = JSON.readTree(gatehouse.get("/health").body()).get("audit");
        assertThat(state.get("written").asLong()).isEqualTo(2);
        assertThat(state.get("forces").asLong()).as("one force per batch").isBetween(1L, 2L);
        assertThat(gatehouse.get("/metrics").body()).containsPattern("gatehouse_audit_forces_total [12]\\.0");
    }

    @Test
    void aFullDiskKeepsServingAndShowsOnHealthAndMetrics() throws Exception {
        start(Path.of("/dev/full"));
        var response = gatehouse.post("/v1/chat/completions", chat());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("done");
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (audit.state().failedWrites() == 0 && System.nanoTime() < deadline) Thread.onSpinWait();
        System.gc(); // the counters must outlive a collection

        var health = gatehouse.get("/health");
        assertThat(health.statusCode()).as("serving goes on").isEqualTo(200);
        JsonNode state = JSON.readTree(health.body()).get("audit");
        assertThat(state.get("status").asText()).isEqualTo("failing");
        assertThat(state.get("failedWrites").asLong()).isEqualTo(1);
        assertThat(state.get("lastError").asText()).contains("No space left on device");
        assertThat(gatehouse.get("/health/ready").statusCode()).isEqualTo(200);
        String metrics = gatehouse.get("/metrics").body();
        assertThat(metrics).contains("gatehouse_audit_write_failures_total 1.0", "gatehouse_audit_ok 0.0");
    }
}
