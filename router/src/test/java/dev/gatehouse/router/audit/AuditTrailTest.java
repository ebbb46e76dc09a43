package dev.gatehouse.router.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.manifest.ConfigException;
import dev.gatehouse.router.cli.GatehouseCli;
import dev.gatehouse.router.decisionlog.Outcome;
import dev.gatehouse.router.escalation.Cost;
import dev.gatehouse.router.features.Priority;
import dev.gatehouse.router.features.RequestFeatures;
import dev.gatehouse.router.policy.Decision;
import dev.gatehouse.router.policy.ReasonCode;
import dev.gatehouse.router.privacy.DataClass;
import dev.gatehouse.router.privacy.Finding;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditTrailTest {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-06T12:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    record Verify(int code, String out, String err) {}

    static Verify verify(Path file) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = GatehouseCli.run(new String[] {"audit", "verify", file.toString()}, new PrintWriter(out),
                new PrintWriter(err), Map.of(), d -> null);
        return new Verify(code, out.toString(), err.toString());
    }

    /** Five entries: decisions and admin actions. */
    Path fiveEntries() {
        Path file = dir.resolve("audit.jsonl");
        try (AuditTrail audit = AuditTrail.open(file, CLOCK)) {
            for (int i = 1; i <= 5; i++) {
                if (i % 2 == 0) audit.admin("ops", "abcd1234", "POST", "/v1/pool/m/load", 200);
                else audit.decision(decision("req-" + i), served());
            }
        }
        return file;
    }

    static Decision decision(String id) {
        var f = RequestFeatures.of("chat", 0.3, DataClass.CONFIDENTIAL, 12);
        f = new RequestFeatures(12, false, 1, false, false, "en", null, false, false, 0, 0, "chat", 0.5, 0.3, null,
                DataClass.CONFIDENTIAL, DataClass.INTERNAL, List.of(new Finding("EMAIL_ADDRESS", 3, 20, 0.9),
                        new Finding("PERSON", 0, 2, 0.8), new Finding("EMAIL_ADDRESS", 30, 40, 0.9)),
                new RequestFeatures.Requested(id, null, Priority.BALANCED, "acme"));
        return new Decision(id, "tiny", List.of("other"), List.of(new Decision.Reason(ReasonCode.BEST_SCORE, "x")),
                List.of(new Decision.Rejection("cloud/big", ReasonCode.DATA_CLASS_NOT_ALLOWED, "confidential")),
                List.of(), 0.001, 20, "b", f, null);
    }

    static Outcome served() {
        return new Outcome(false, "tiny", 200, 15, 3, 12, 4, 1000, null, Cost.of("0.0125"));
    }

    static List<String> lines(Path file) throws Exception {
        return new ArrayList<>(Files.readAllLines(file));
    }

    @Test
    void anUntouchedLogVerifies() {
        Verify v = verify(fiveEntries());
        assertThat(v.code).as(v.err).isZero();
        assertThat(v.out).contains("intact: 5 entries");
    }

    @Test
    void aDecisionEntryNamesTenantClassFindingTypesTargetGatesAndCostAndNothingElse() throws Exception {
        JsonNode entry = new ObjectMapper().readTree(lines(fiveEntries()).get(0));
        assertThat(entry.get("kind").asText()).isEqualTo("decision");
        assertThat(entry.get("decisionId").asText()).isEqualTo("req-1");
        assertThat(entry.get("tenant").asText()).isEqualTo("acme");
        assertThat(entry.get("dataClass").asText()).isEqualTo("confidential");
        assertThat(entry.get("findingTypes").toString()).isEqualTo("[\"EMAIL_ADDRESS\",\"PERSON\"]");
        assertThat(entry.get("target").asText()).isEqualTo("tiny");
        assertThat(entry.get("gatesPassed").toString()).isEqualTo("[\"tiny\",\"other\"]");
        assertThat(entry.get("gatesFailed").toString())
                .isEqualTo("[{\"gate\":\"data_class_not_allowed\",\"target\":\"cloud/big\"}]");
        assertThat(entry.get("cost").asText()).isEqualTo("0.0125");
        assertThat(entry.get("seq").asLong()).isEqualTo(1);
        assertThat(entry.get("prev").asText()).isEqualTo("0".repeat(64));
        assertThat(entry.toString()).doesNotContain("\"detail\"").doesNotContain("\"start\"");
    }

    @Test
    void aChangedEntryIsNamed() throws Exception {
        Path file = fiveEntries();
        List<String> lines = lines(file);
        lines.set(2, lines.get(2).replace("\"decisionId\":\"req-3\"", "\"decisionId\":\"req-X\""));
        Files.write(file, lines);
        Verify v = verify(file);
        assertThat(v.code).isEqualTo(1);
        assertThat(v.err).contains("BROKEN at entry 3 (line 3)", "does not match its hash");
    }

    @Test
    void aChangedEntryWithARecomputedHashBreaksTheNextLink() throws Exception {
        Path file = fiveEntries();
        List<String> lines = lines(file);
        var mapper = new ObjectMapper();
        var entry = (com.fasterxml.jackson.databind.node.ObjectNode) mapper.readTree(lines.get(1));
        entry.put("status", 500);
        entry.remove("hash");
        entry.put("hash", CanonicalJson.chainHash(entry.get("prev").asText(), entry));
        lines.set(1, CanonicalJson.of(entry));
        Files.write(file, lines);
        Verify v = verify(file);
        assertThat(v.code).isEqualTo(1);
        assertThat(v.err).contains("BROKEN at entry 3 (line 3)", "prev does not match");
    }

    @Test
    void aDeletedEntryIsNamed() throws Exception {
        Path file = fiveEntries();
        List<String> lines = lines(file);
        lines.remove(1);
        Files.write(file, lines);
        Verify v = verify(file);
        assertThat(v.code).isEqualTo(1);
        assertThat(v.err).contains("BROKEN at entry 2 (line 2)", "sequence number 3 where 2 was expected");
    }

    @Test
    void reorderedEntriesAreNamed() throws Exception {
        Path file = fiveEntries();
        List<String> lines = lines(file);
        Collections.swap(lines, 3, 4);
        Files.write(file, lines);
        Verify v = verify(file);
        assertThat(v.code).isEqualTo(1);
        assertThat(v.err).contains("BROKEN at entry 4 (line 4)");
    }

    @Test
    void aLineThatIsNotJsonIsNamed() throws Exception {
        Path file = fiveEntries();
        List<String> lines = lines(file);
        lines.set(0, "garbage");
        Files.write(file, lines);
        Verify v = verify(file);
        assertThat(v.code).isEqualTo(1);
        assertThat(v.err).contains("BROKEN at entry 1 (line 1): not a JSON object");
    }

    @Test
    void aMissingFileIsExit2() {
        assertThat(verify(dir.resolve("none.jsonl")).code).isEqualTo(2);
    }

    @Test
    void reopeningContinuesTheChain() {
        Path file = fiveEntries();
        try (AuditTrail audit = AuditTrail.open(file, CLOCK)) {
            audit.admin(null, null, "DELETE", "/v1/pool/m", 200);
        }
        Verify v = verify(file);
        assertThat(v.code).as(v.err).isZero();
        assertThat(v.out).contains("intact: 6 entries");
    }

    @Test
    void aSecondWriterOfTheSameFileIsRefused() {
        Path file = dir.resolve("audit.jsonl");
        try (AuditTrail first = AuditTrail.open(file, CLOCK)) {
            assertThatThrownBy(() -> AuditTrail.open(file, CLOCK)).isInstanceOf(ConfigException.class)
                    .hasMessageContaining("is being written by another process");
            first.admin(null, null, "POST", "/v1/reload", 200);
        }
        assertThat(verify(file).code).isZero();
    }

    @Test
    void aTornLastLineFromACrashIsCutOffAndTheChainGoesOn() throws Exception {
        Path file = fiveEntries();
        Files.writeString(file, "{\"seq\":6,\"ti", java.nio.file.StandardOpenOption.APPEND);
        try (AuditTrail audit = AuditTrail.open(file, CLOCK)) {
            audit.admin("ops", "k", "POST", "/v1/reload", 200);
        }
        Verify v = verify(file);
        assertThat(v.code).as(v.err).isZero();
        assertThat(v.out).contains("intact: 6 entries");
    }

    @Test
    void aFullDiskCountsTheFailedWriteAndSaysWhyWithoutThrowing() {
        try (AuditTrail full = AuditTrail.open(Path.of("/dev/full"), CLOCK)) {
            full.admin("ops", "k", "POST", "/v1/reload", 200);
            assertThat(full.sync(java.time.Duration.ofSeconds(10))).as("the writer handles the entry").isTrue();
            AuditTrail.State s = full.state();
            assertThat(s.ok()).isFalse();
            assertThat(s.failedWrites()).isEqualTo(1);
            assertThat(s.written()).isZero();
            assertThat(s.lastError()).contains("No space left on device");
        }
    }

    @Test
    void anAdminPathIsCutToABoundedLength() throws Exception {
        Path file = dir.resolve("audit.jsonl");
        try (AuditTrail audit = AuditTrail.open(file, CLOCK)) {
            audit.admin("ops", "k", "POST", "/v1/pool/" + "x".repeat(100_000), 404);
        }
        assertThat(Files.size(file)).isLessThan(1_000);
        assertThat(verify(file).code).isZero();
    }

    @Test
    void entriesRecordedByManyThreadsAtOnceAreAllWrittenInOneIntactChain() throws Exception {
        Path file = dir.resolve("audit.jsonl");
        try (AuditTrail audit = AuditTrail.open(file, CLOCK);
             var threads = java.util.concurrent.Executors.newFixedThreadPool(16)) {
            for (int t = 0; t < 16; t++) {
                int thread = t;
                threads.submit(() -> {
                    for (int i = 0; i < 200; i++) audit.decision(decision("req-" + thread + "-" + i), served());
                });
            }
        }
        List<String> lines = lines(file);
        assertThat(lines).hasSize(16 * 200);
        assertThat(verify(file).out).contains("intact: 3200 entries");
        assertThat(lines.getLast()).contains("\"seq\":3200");
    }

    @Test
    void entriesArrivingOneAtATimeShareForcesAtMostOnePerForceInterval() throws Exception {
        Path file = dir.resolve("audit.jsonl");
        try (AuditTrail audit = AuditTrail.open(file, CLOCK)) {
            for (int i = 0; i < 200; i++) audit.decision(decision("warm-" + i), served()); // class loading, JIT
            assertThat(audit.sync(java.time.Duration.ofSeconds(10))).isTrue();
            long forcesBefore = audit.state().forces();
            long started = System.nanoTime();
            for (int i = 0; i < 40; i++) {
                audit.decision(decision("req-" + i), served());
                Thread.sleep(1); // entries spaced as one client's requests are, so that no queue gathers them
            }
            assertThat(audit.sync(java.time.Duration.ofSeconds(10))).isTrue();
            long forces = audit.state().forces() - forcesBefore;
            long intervals = (System.nanoTime() - started) / AuditTrail.FORCE_INTERVAL.toNanos();
            assertThat(forces).as("forces in %d force intervals", intervals).isBetween(1L, intervals + 1);
            assertThat(audit.state().written()).isEqualTo(240);
        }
        assertThat(verify(file).out).contains("intact: 240 entries");
    }
}
