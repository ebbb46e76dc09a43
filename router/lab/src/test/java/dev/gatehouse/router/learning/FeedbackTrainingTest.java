package dev.gatehouse.router.learning;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.router.decisionlog.DecisionLog;
import dev.gatehouse.router.decisionlog.LogKey;
import dev.gatehouse.router.decisionlog.Outcome;
import dev.gatehouse.router.difficulty.TrainRouterCommand;
import dev.gatehouse.router.feedback.Feedback;
import dev.gatehouse.router.feedback.FeedbackLog;
import dev.gatehouse.router.features.Priority;
import dev.gatehouse.router.features.RequestFeatures;
import dev.gatehouse.router.policy.CapacitySnapshot;
import dev.gatehouse.router.policy.Decider;
import dev.gatehouse.router.policy.PolicyReader;
import dev.gatehouse.router.policy.TargetCapacity;
import dev.gatehouse.router.privacy.DataClass;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import dev.gatehouse.router.features.MiniLmEmbedder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code train-router --feedback}: a real decision log (written by DecisionLog from real decisions, prompts only as
 * keyed hashes) and a real feedback.jsonl, joined with the operator's prompts file by hash; a held-out report; a
 * candidate written beside the log, never over the live artifact.
 */
class FeedbackTrainingTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    /** The key file in the log folder, as the server and the command both resolve it without GATEHOUSE_LOG_KEY. */
    private static final Map<String, String> ENV = Map.of();

    static MiniLmEmbedder embedder;

    @BeforeAll
    static void open() {
        embedder = MiniLmEmbedder.open();
        KnnRouterTest.embedder = embedder;
    }

    @AfterAll
    static void close() {
        embedder.close();
    }

    @TempDir
    Path logDir;
    Path prompts;

    /** Greetings the small model served well; proofs it served badly, and the operator said "large". */
    @BeforeEach
    void writeLogAndFeedback() throws Exception {
        var policy = PolicyReader.parse("""
                targets:
                  - {id: small, tier: small, quality: {default: 0.5}}
                  - {id: large, tier: large, quality: {default: 0.9}}
                """, "two targets");
        var capacity = Map.of("small", TargetCapacity.idle("small", 2, 0).withContext(8192),
                "large", TargetCapacity.idle("large", 2, 0).withContext(8192));
        List<String> promptLines = new ArrayList<>();
        try (var log = DecisionLog.open(logDir, 1 << 20, 3, LogKey.resolve(ENV, logDir));
                var feedback = FeedbackLog.open(logDir)) {
            int i = 0;
            for (int round = 0; round < 3; round++) {
                for (String text : KnnRouterTest.GREETINGS) {
                    String id = "g" + (i++);
                    var decision = Decider.decide(RequestFeatures.of("general", 0.1, DataClass.PUBLIC, 20)
                            .withRequest(new RequestFeatures.Requested(id, "small", Priority.BALANCED, null)),
                            new CapacitySnapshot(T0.plusSeconds(i), capacity, Map.of()), policy);
                    String conversation = text + (round == 0 ? "" : " (" + round + ")");
                    log.append(decision, new Outcome(false, "small", 200, 10, 5, 20, 10, 0, null), log.hash(conversation));
                    feedback.append(new Feedback(id, 1.0, null, null, null, T0));
                    promptLines.add(JSON.writeValueAsString(Map.of("messages", List.of(Map.of("role", "user",
                            "content", conversation)))));
                }
                for (String text : KnnRouterTest.PROOFS) {
                    String id = "p" + (i++);
                    var decision = Decider.decide(RequestFeatures.of("general", 0.1, DataClass.PUBLIC, 20)
                            .withRequest(new RequestFeatures.Requested(id, "small", Priority.BALANCED, null)),
                            new CapacitySnapshot(T0.plusSeconds(i), capacity, Map.of()), policy);
                    String conversation = text + (round == 0 ? "" : " (" + round + ")");
                    log.append(decision, new Outcome(false, "small", 200, 10, 5, 20, 10, 0, null), log.hash(conversation));
                    feedback.append(new Feedback(id, null, "large", null, null, T0));
                    promptLines.add(JSON.writeValueAsString(Map.of("prompt", conversation)));
                }
            }
        }
        prompts = logDir.resolve("my-traffic.jsonl");
        Files.write(prompts, promptLines);
    }

    @Test
    void feedbackJoinsTheLogByIdAndThePromptsFileByTheLogsKeyedHash() throws Exception {
        var joined = FeedbackJoin.read(logDir, prompts, ENV);

        assertThat(joined.feedback()).isEqualTo(48);
        assertThat(joined.rows()).hasSize(48);
        assertThat(joined.withoutText()).isZero();
        var proof = joined.rows().stream().filter(r -> r.decisionId().equals("p8")).findFirst().orElseThrow();
        assertThat(proof.prompt()).isEqualTo(KnnRouterTest.PROOFS.getFirst());
        assertThat(proof.outcomes()).isEqualTo(Map.of("large", 1.0, "small", 0.0));
        assertThat(Files.readString(logDir.resolve(DecisionLog.CURRENT))).doesNotContain("Prove", "Hello");
    }

    @Test
    void withoutPromptTextNothingIsLearnedAndTheCountSaysWhy() throws Exception {
        var joined = FeedbackJoin.read(logDir, null, ENV);
        assertThat(joined.rows()).isEmpty();
        assertThat(joined.withoutText()).isEqualTo(48);
    }

    @Test
    void aPromptsFileUnderAnotherKeyMatchesNothing() throws Exception {
        var joined = FeedbackJoin.read(logDir, prompts, Map.of(LogKey.ENV, "some-other-key"));
        assertThat(joined.rows()).isEmpty();
    }

    @Test
    void theHeldOutReportScoresTheNewestDecisionsAndTheCandidateBeatsFixedRates() throws Exception {
        var joined = FeedbackJoin.read(logDir, prompts, ENV);
        float[][] x = new float[joined.rows().size()][];
        for (int i = 0; i < x.length; i++) x[i] = embedder.embed(joined.rows().get(i).prompt());

        var result = FeedbackTraining.train(joined.rows(), x, joined.targets(), null, Double.NaN, "minilm", 1);

        var report = result.report();
        assertThat(report.heldOutRows()).isEqualTo(10);
        assertThat(report.trainRows()).isEqualTo(38);
        assertThat(report.candidateBrier()).isLessThan(report.staticBrier() / 2);
        assertThat(report.candidateNoWorse()).isTrue();
        assertThat(result.candidate().points().length).isEqualTo(48);
    }

    @Test
    void trainRouterWritesACandidateBesideTheLogAndLeavesTheLiveArtifactAlone() throws Exception {
        Path live = logDir.resolve("live.json");
        KnnArtifact.save(KnnRouterTest.trained(), "live", live);
        byte[] before = Files.readAllBytes(live);

        var out = new StringWriter();
        int code = run(out, "--feedback", logDir.toString(), "--prompts", prompts.toString(), "--current", live.toString());

        assertThat(code).as(out.toString()).isZero();
        assertThat(out.toString()).contains("48 judgements; 48 joined with prompt text", "candidate kNN", "current artifact",
                "wrote the candidate");
        assertThat(KnnArtifact.load(logDir.resolve("router-candidate.json")).targets()).containsExactlyInAnyOrder("small", "large");
        assertThat(Files.readAllBytes(live)).isEqualTo(before);
    }

    @Test
    void trainRouterWithTheConservativeRuleWritesAConservativeCandidateAndNamesItsReferenceTarget() throws Exception {
        var out = new StringWriter();
        int code = run(out, "--feedback", logDir.toString(), "--prompts", prompts.toString(), "--rule", "conservative");

        assertThat(code).as(out.toString()).isZero();
        var candidate = KnnArtifact.load(logDir.resolve("router-candidate.json"));
        assertThat(candidate.rule()).isEqualTo(KnnRouter.Rule.CONSERVATIVE);
        // only small ever served here: the operator's "large" overrides are left out, so small is the reference
        assertThat(out.toString()).contains("rule conservative: every prompt goes to the reference target small",
                "preferred-target labels were left out");
    }

    @Test
    void trainRouterRefusesAnUnknownRuleAndASuccessBarWithTheConservativeOne() throws Exception {
        var out = new StringWriter();
        assertThat(run(out, "--feedback", logDir.toString(), "--prompts", prompts.toString(), "--rule", "bold")).isEqualTo(2);
        assertThat(out.toString()).contains("--rule", "conservative", "cheapest-expected", "'bold'");

        var second = new StringWriter();
        assertThat(run(second, "--feedback", logDir.toString(), "--prompts", prompts.toString(), "--rule", "conservative",
                "--success-bar", "0.7")).isEqualTo(2);
        assertThat(second.toString()).contains("--success-bar applies to --rule cheapest-expected");
    }

    @Test
    void trainRouterRefusesToWriteOverTheLiveArtifact() throws Exception {
        Path live = logDir.resolve("live.json");
        KnnArtifact.save(KnnRouterTest.trained(), "live", live);
        var out = new StringWriter();
        int code = run(out, "--feedback", logDir.toString(), "--prompts", prompts.toString(), "--current", live.toString(),
                "--out", live.toString());
        assertThat(code).isEqualTo(2);
        assertThat(out.toString()).contains("is the live artifact");
    }

    private static int run(StringWriter out, String... args) {
        var cli = new CommandLine(new TrainRouterCommand());
        var writer = new PrintWriter(out, true);
        cli.setOut(writer);
        cli.setErr(writer);
        return cli.execute(args);
    }
}
