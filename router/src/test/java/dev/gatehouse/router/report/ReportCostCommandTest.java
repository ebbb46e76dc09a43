package dev.gatehouse.router.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.router.decisionlog.DecisionLog;
import dev.gatehouse.router.decisionlog.Outcome;
import dev.gatehouse.router.escalation.Cost;
import dev.gatehouse.router.feedback.Feedback;
import dev.gatehouse.router.feedback.FeedbackLog;
import dev.gatehouse.router.features.RequestFeatures;
import dev.gatehouse.router.policy.CapacitySnapshot;
import dev.gatehouse.router.policy.Decision;
import dev.gatehouse.router.privacy.DataClass;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** A decision log and feedback written by the real logs, reported by route, target and day. */
class ReportCostCommandTest {
    private static final String POLICY = """
            targets:
              - {id: small, tier: small, quality: {default: 0.4}}
              - {id: openai/gpt-4o, tier: large, quality: {default: 0.95}, costPer1kInput: 0.002, costPer1kOutput: 0.01}
            """;

    @TempDir
    Path dir;

    private void served(DecisionLog log, String id, String day, String target, int status, int prompt, int completion,
                        Cost cost) {
        RequestFeatures f = RequestFeatures.of("coding", 0.5, DataClass.PUBLIC, prompt)
                .withRequest(new RequestFeatures.Requested(id, null, dev.gatehouse.router.features.Priority.BALANCED,
                        "acme"));
        CapacitySnapshot snapshot = new CapacitySnapshot(Instant.parse(day + "T10:00:00Z"), Map.of(), Map.of());
        Decision d = new Decision(id, target, List.of(), List.of(), List.of(), List.of(), 0, 0, null, f, snapshot);
        log.append(d, new Outcome(false, status == 200 ? target : null, status, 100, 10, prompt, completion, 1, null,
                cost), "hmac");
    }

    @Test
    void spendSuccessAndSavingsPerRouteComeFromTheLogAndTheFeedback() throws Exception {
        Path logs = dir.resolve("logs");
        try (DecisionLog log = DecisionLog.open(logs, 1 << 20, 3, new byte[32])) {
            served(log, "a", "2026-12-01", "small", 200, 1000, 1000, null);
            served(log, "b", "2026-12-01", "small", 200, 1000, 1000, null);
            served(log, "c", "2026-12-02", "openai/gpt-4o", 200, 1000, 1000, Cost.of("0.012"));
            served(log, "d", "2026-12-05", "small", 503, 1000, 0, null);
            log.append(new Decision("dry", "small", List.of(), List.of(), List.of(), List.of(), 0, 0, null,
                    RequestFeatures.of("coding", 0.5, DataClass.PUBLIC, 5),
                    new CapacitySnapshot(Instant.parse("2026-12-01T10:00:00Z"), Map.of(), Map.of())),
                    Outcome.dryRun(1), "hmac");
        }
        try (FeedbackLog feedback = FeedbackLog.open(logs)) {
            feedback.append(new Feedback("b", 0.2, null, null, null, Instant.parse("2026-12-03T00:00:00Z")));
            feedback.append(new Feedback("a", 1.0, null, null, null, Instant.parse("2026-12-03T00:00:00Z")));
        }
        Files.writeString(dir.resolve("policy.yaml"), POLICY);

        JsonNode report = run("--log", logs.toString(), "--policy", dir.resolve("policy.yaml").toString(),
                "--by", "route", "--json");

        assertThat(report.get("strongestTarget").asText()).isEqualTo("openai/gpt-4o");
        JsonNode local = report.get("rows").get(0);
        JsonNode provider = report.get("rows").get(2);
        assertThat(local.get("group").asText()).isEqualTo("local");
        assertThat(local.get("requests").asInt()).isEqualTo(2);
        assertThat(local.get("successes").asInt()).as("b was scored 0.2").isEqualTo(1);
        assertThat(local.get("meanScore").asDouble()).isCloseTo(0.6, within(1e-9));
        assertThat(local.get("savings").asDouble()).as("2 × (2 × 0.002 + 1 × 0.01)... per 1k tokens")
                .isCloseTo(2 * 0.012, within(1e-9));
        assertThat(report.get("rows").get(1).get("group").asText()).isEqualTo("not-served");
        assertThat(provider.get("group").asText()).isEqualTo("provider");
        assertThat(provider.get("escalations").asInt()).isEqualTo(1);
        assertThat(provider.get("spend").asDouble()).isCloseTo(0.012, within(1e-9));
        assertThat(report.at("/total/requests").asInt()).as("the dry run is not a served request").isEqualTo(4);
        assertThat(report.at("/total/costPerSuccess").asDouble()).isCloseTo(0.012 / 2, within(1e-9));
    }

    @Test
    void fromAndToSelectWholeDays() throws Exception {
        Path logs = dir.resolve("logs");
        try (DecisionLog log = DecisionLog.open(logs, 1 << 20, 3, new byte[32])) {
            served(log, "a", "2026-12-01", "small", 200, 10, 10, null);
            served(log, "c", "2026-12-02", "openai/gpt-4o", 200, 10, 10, Cost.of("0.001"));
            served(log, "d", "2026-12-05", "small", 200, 10, 10, null);
        }
        Files.writeString(dir.resolve("policy.yaml"), POLICY);
        JsonNode report = run("--log", logs.toString(), "--policy", dir.resolve("policy.yaml").toString(),
                "--from", "2026-12-02", "--to", "2026-12-02", "--by", "target", "--json");
        assertThat(report.at("/total/requests").asInt()).isEqualTo(1);
        assertThat(report.at("/rows/0/group").asText()).isEqualTo("openai/gpt-4o");
    }

    @Test
    void anUnknownGroupingIsRefusedNamingTheChoices() {
        StringWriter err = new StringWriter();
        int code = new CommandLine(new ReportCommand()).setErr(new PrintWriter(err)).execute("cost", "--by", "moon");
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("--by must be tenant, target, category or route");
    }

    private JsonNode run(String... args) throws Exception {
        StringWriter out = new StringWriter();
        String[] all = new String[args.length + 1];
        all[0] = "cost";
        System.arraycopy(args, 0, all, 1, args.length);
        int code = new CommandLine(new ReportCommand()).setOut(new PrintWriter(out)).execute(all);
        assertThat(code).isZero();
        return new ObjectMapper().readTree(out.toString());
    }
}
