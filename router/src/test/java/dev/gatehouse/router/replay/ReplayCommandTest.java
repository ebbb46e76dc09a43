package dev.gatehouse.router.replay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.router.decisionlog.DecisionLog;
import dev.gatehouse.router.decisionlog.Outcome;
import dev.gatehouse.router.features.RequestFeatures;
import dev.gatehouse.router.policy.CapacitySnapshot;
import dev.gatehouse.router.policy.Decider;
import dev.gatehouse.router.policy.Decision;
import dev.gatehouse.router.policy.Policy;
import dev.gatehouse.router.policy.PolicyReader;
import dev.gatehouse.router.policy.TargetCapacity;
import dev.gatehouse.router.privacy.DataClass;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * A decision log written by the real {@link DecisionLog} under one policy, replayed under a policy with one more
 * rule: only the requests that rule matches change, and the report says so per target and per rule.
 */
class ReplayCommandTest {
    private static final String BASE = """
            targets:
              - {id: small, tier: small, quality: {default: 0.4, coding: 0.3}, tokensPerSecond: 80}
              - {id: large, tier: large, quality: {default: 0.8, coding: 0.9}, tokensPerSecond: 10}
            floors: {default: 0.0}
            priority: fastest
            rules:
              - name: sensitive-stays-local
                when: {dataClass: [confidential, restricted]}
                require: [local]
            """;
    private static final String CANDIDATE = BASE + """
              - name: coding-goes-large
                when: {category: [coding]}
                require: [large]
            """;

    @TempDir
    Path dir;

    @Test
    void aNewRuleChangesExactlyTheRequestsItMatchesAndTheReportNamesIt() throws Exception {
        Policy base = PolicyReader.parse(BASE, "base.yaml");
        Path logDir = dir.resolve("logs");
        CapacitySnapshot idle = new CapacitySnapshot(Instant.parse("2026-12-06T10:00:00Z"), Map.of(
                "small", new TargetCapacity("small", TargetCapacity.State.LOADED, 4, 0, 0, 8, 4096, 300, 80),
                "large", new TargetCapacity("large", TargetCapacity.State.LOADED, 4, 0, 0, 8, 8192, 300, 10)),
                Map.of());
        int coding = 0;
        try (DecisionLog log = DecisionLog.open(logDir, 1 << 20, 3, new byte[32])) {
            String[] categories = {"coding", "chit-chat", "coding", "summarization", "coding", "chit-chat"};
            for (int i = 0; i < categories.length; i++) {
                RequestFeatures f = RequestFeatures.of(categories[i], 0.2, DataClass.PUBLIC, 40)
                        .withRequest(new RequestFeatures.Requested("req-" + i, null,
                                dev.gatehouse.router.features.Priority.FASTEST, null));
                Decision d = Decider.decide(f, idle, base);
                assertThat(d.target()).as("the fast policy sends everything to the small model").isEqualTo("small");
                log.append(d, new Outcome(false, d.target(), 200, 10, 5, 40, 10, 1000, null), "hmac");
                if (categories[i].equals("coding")) coding++;
            }
        }
        Files.writeString(logDir.resolve("decisions.jsonl"), "not json\n", java.nio.file.StandardOpenOption.APPEND);
        Files.writeString(dir.resolve("base.yaml"), BASE);
        Files.writeString(dir.resolve("candidate.yaml"), CANDIDATE);

        StringWriter out = new StringWriter();
        int code = new CommandLine(new ReplayCommand()).setOut(new PrintWriter(out)).execute("--log",
                logDir.toString(), "--policy", dir.resolve("candidate.yaml").toString(), "--baseline",
                dir.resolve("base.yaml").toString(), "--json");

        assertThat(code).isZero();
        JsonNode report = new ObjectMapper().readTree(out.toString());
        assertThat(report.get("requests").asInt()).isEqualTo(6);
        assertThat(report.get("unreadable").asInt()).isEqualTo(1);
        assertThat(report.get("changed").asInt()).isEqualTo(coding);
        assertThat(report.at("/byTarget/small/before").asInt()).isEqualTo(6);
        assertThat(report.at("/byTarget/small/after").asInt()).isEqualTo(6 - coding);
        assertThat(report.at("/byTarget/large/after").asInt()).isEqualTo(coding);
        assertThat(report.at("/rules/coding-goes-large/before").asInt()).isZero();
        assertThat(report.at("/rules/coding-goes-large/after").asInt()).isEqualTo(coding);
        assertThat(report.at("/rules").has("sensitive-stays-local")).as("a rule that fires alike is not listed").isFalse();
        assertThat(report.at("/quality/coding/after").asDouble()).isGreaterThan(report.at("/quality/coding/before").asDouble());
    }

    @Test
    void aToolAnswerStaysOnTheToolWhileTheCandidateDeclaresItAndGoesToAModelWhenItDoesNot() throws Exception {
        Path logDir = dir.resolve("tool-logs");
        CapacitySnapshot idle = new CapacitySnapshot(Instant.parse("2026-12-06T10:00:00Z"), Map.of(
                "small", new TargetCapacity("small", TargetCapacity.State.LOADED, 4, 0, 0, 8, 4096, 300, 80)),
                Map.of());
        try (DecisionLog log = DecisionLog.open(logDir, 1 << 20, 3, new byte[32])) {
            RequestFeatures f = RequestFeatures.of("math", 0.1, DataClass.PUBLIC, 12).withRequest(
                    new RequestFeatures.Requested("req-tool", null, dev.gatehouse.router.features.Priority.FASTEST, null));
            Decision tool = new Decision("req-tool", "tool/calculator", java.util.List.of("small"), java.util.List.of(
                    new Decision.Reason(dev.gatehouse.router.policy.ReasonCode.TOOL_EXACT_MATCH, "calculator")),
                    java.util.List.of(), java.util.List.of(), 0, 1, "b", f, idle);
            log.append(tool, new Outcome(false, "tool/calculator", 200, 1, 0, 12, 3, 0, null), "hmac");
        }
        Files.writeString(dir.resolve("with-tool.yaml"), BASE + "tools: {calculator: true}\n");
        Files.writeString(dir.resolve("without-tool.yaml"), BASE);

        JsonNode kept = replayJson(logDir, dir.resolve("with-tool.yaml"));
        assertThat(kept.get("changed").asInt()).isZero();
        assertThat(kept.at("/byTarget/tool~1calculator/after").asInt()).isEqualTo(1);
        assertThat(kept.get("notes").toString()).contains("stay on it");
        assertThat(kept.get("escalationsBefore").asInt()).as("a tool answers on the premises").isZero();

        JsonNode moved = replayJson(logDir, dir.resolve("without-tool.yaml"));
        assertThat(moved.get("changed").asInt()).isEqualTo(1);
        assertThat(moved.at("/byTarget/small/after").asInt()).isEqualTo(1);
    }

    private static JsonNode replayJson(Path logDir, Path policy) throws Exception {
        StringWriter out = new StringWriter();
        int code = new CommandLine(new ReplayCommand()).setOut(new PrintWriter(out)).execute("--log",
                logDir.toString(), "--policy", policy.toString(), "--baseline", policy.toString(), "--json");
        assertThat(code).isZero();
        return new ObjectMapper().readTree(out.toString());
    }

    @Test
    void theTextReportSaysHowManyRequestsWouldGoElsewhere() throws Exception {
        Path logDir = Files.createDirectories(dir.resolve("empty-logs"));
        Files.writeString(dir.resolve("candidate.yaml"), CANDIDATE);
        StringWriter out = new StringWriter();
        int code = new CommandLine(new ReplayCommand()).setOut(new PrintWriter(out)).execute("--log",
                logDir.toString(), "--policy", dir.resolve("candidate.yaml").toString());
        assertThat(code).isZero();
        assertThat(out.toString()).startsWith("0 requests replayed, 0 would go elsewhere");
    }

    @Test
    void aMissingLogFolderIsAOneLineError() {
        StringWriter err = new StringWriter();
        int code = new CommandLine(new ReplayCommand()).setErr(new PrintWriter(err)).execute("--log",
                dir.resolve("nope").toString(), "--policy", "x.yaml");
        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).startsWith("replay: no decision log folder");
    }
}
