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
import dev.gatehouse.router.decisionlog.DecisionLog;
import dev.gatehouse.router.policy.Policy;
import dev.gatehouse.router.policy.PolicyReader;
import dev.gatehouse.router.routing.RouterSetup;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The decision log and the audit log on a disk that is really full (writes fail with ENOSPC): serving goes on, the
 * failure shows on {@code /health} and {@code /metrics}, and both logs recover when space returns.
 */
class FullDiskTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String CHAT = "{\"messages\":[{\"role\":\"user\",\"content\":\"say done\"}]}";

    @TempDir
    Path dir;
    RunningGatehouse gatehouse;
    AuditTrail audit;
    DecisionLog log;
    Path mounted;

    void start(Path logDir, Path auditFile) {
        Manifest manifest = new Manifest(List.of(RunningGatehouse.chatSpec("tiny", true, 2)));
        ModelPool pool = new ModelPool(manifest, new PoolSettings(2, 4, Duration.ofSeconds(5), 256),
                new ScriptedLoader().with("tiny", ScriptedChatModel.saying(256, "done")));
        pool.start();
        Policy policy = PolicyReader.parse("targets:\n  - id: tiny\n    tier: small\n    quality: {default: 0.5}\n",
                "test policy");
        log = DecisionLog.open(logDir, 1 << 20, 2, new byte[32]);
        audit = auditFile == null ? null : AuditTrail.open(auditFile, Clock.systemUTC());
        var router = RouterSetup.build(policy, "test policy", pool, 4, null, RouterSetup.scanner(policy),
                (prompt, embedding) -> 0.3, log, Clock.systemUTC()).withAudit(audit);
        var components = Components.of(pool, 1 << 20, RunningGatehouse.REQUEST_TIMEOUT, false, router);
        gatehouse = RunningGatehouse.serve(audit == null ? components
                : components.withAccess(AccessGate.withoutKeys(AccessSettings.Exposure.LOOPBACK_WITHOUT_KEYS, audit)));
    }

    @AfterEach
    void stop() throws Exception {
        if (gatehouse != null) gatehouse.close();
        if (audit != null) audit.close();
        if (log != null) log.close();
        if (mounted != null) new ProcessBuilder("umount", mounted.toString()).inheritIO().start().waitFor();
    }

    @Test
    void aDecisionLogOnAFullDiskKeepsServingAndShowsOnHealthAndMetrics() throws Exception {
        Path logDir = Files.createDirectories(dir.resolve("decisions"));
        Files.createSymbolicLink(logDir.resolve(DecisionLog.CURRENT), Path.of("/dev/full"));
        start(logDir, null);

        var response = gatehouse.post("/v1/chat/completions", CHAT);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).contains("done");
        waitFor(() -> log.state().failedWrites() == 1, "the decision line to fail");
        System.gc(); // the counters must outlive a collection
        var health = gatehouse.get("/health");
        assertThat(health.statusCode()).as("serving goes on").isEqualTo(200);
        JsonNode state = JSON.readTree(health.body()).get("decisionLog");
        assertThat(state.get("status").asText()).isEqualTo("failing");
        assertThat(state.get("lastError").asText()).contains("No space left on device");
        assertThat(gatehouse.get("/metrics").body())
                .contains("gatehouse_decision_log_write_failures_total 1.0", "gatehouse_decision_log_ok 0.0");
    }

    @Test
    void bothLogsFailOnAFullFileSystemAndRecoverWhenSpaceReturns() throws Exception {
        Path fs = Files.createDirectories(dir.resolve("tiny-fs"));
        int rc = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=128k", "tmpfs", fs.toString())
                .redirectErrorStream(true).start().waitFor();
        if (rc != 0) {
            System.err.println("SKIPPED FullDiskTest.bothLogsFailOnAFullFileSystemAndRecoverWhenSpaceReturns: mounting "
                    + "a tmpfs needs root (mount exit " + rc + "); the /dev/full tests still ran");
        }
        Assumptions.assumeTrue(rc == 0, "SKIPPED LOUDLY: cannot mount a tmpfs here (needs root)");
        mounted = fs;
        start(Files.createDirectories(fs.resolve("decisions")), fs.resolve("audit.jsonl"));
        Path filler = fs.resolve("filler");
        fill(filler);

        var whileFull = gatehouse.post("/v1/chat/completions", CHAT);

        assertThat(whileFull.statusCode()).as(whileFull.body()).isEqualTo(200);
        waitFor(() -> log.state().failedWrites() >= 1 && audit.state().failedWrites() >= 1, "both writes to fail");
        JsonNode full = JSON.readTree(gatehouse.get("/health").body());
        assertThat(full.at("/decisionLog/status").asText()).isEqualTo("failing");
        assertThat(full.at("/audit/status").asText()).isEqualTo("failing");
        assertThat(full.at("/audit/lastError").asText()).contains("No space left on device");

        Files.delete(filler);
        var afterwards = gatehouse.post("/v1/chat/completions", CHAT);

        assertThat(afterwards.statusCode()).isEqualTo(200);
        String id = afterwards.headers().firstValue("x-gatehouse-decision-id").orElseThrow();
        waitFor(() -> log.state().ok() && audit.state().ok(), "both logs to recover");
        JsonNode recovered = JSON.readTree(gatehouse.get("/health").body());
        assertThat(recovered.at("/decisionLog/status").asText()).isEqualTo("ok");
        assertThat(recovered.at("/audit/status").asText()).isEqualTo("ok");
        assertThat(gatehouse.get("/metrics").body()).contains("gatehouse_decision_log_ok 1.0", "gatehouse_audit_ok 1.0");
        assertThat(DecisionLog.find(fs.resolve("decisions"), id)).as("the line after recovery is whole").isPresent();
        assertThat(AuditVerifier.verify(fs.resolve("audit.jsonl")).intact())
                .as("a failed entry left no torn line in the chain").isTrue();
    }

    /** Writes until the file system says it is full. */
    private static void fill(Path filler) throws IOException {
        byte[] block = new byte[4096];
        try (OutputStream out = Files.newOutputStream(filler)) {
            for (int i = 0; i < 1024; i++) out.write(block);
        } catch (IOException e) {
            assertThat(e.getMessage()).contains("No space left on device");
            return;
        }
        throw new AssertionError("a 128 KiB tmpfs took 4 MiB");
    }

    private static void waitFor(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waiting for " + what).isLessThan(deadline);
            Thread.sleep(10);
        }
    }
}
