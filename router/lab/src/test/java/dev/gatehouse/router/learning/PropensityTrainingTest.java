package dev.gatehouse.router.learning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.router.decisionlog.DecisionLog;
import dev.gatehouse.router.decisionlog.LogKey;
import dev.gatehouse.router.decisionlog.Outcome;
import dev.gatehouse.router.feedback.Feedback;
import dev.gatehouse.router.feedback.FeedbackLog;
import dev.gatehouse.router.features.Priority;
import dev.gatehouse.router.features.RequestFeatures;
import dev.gatehouse.router.policy.CapacitySnapshot;
import dev.gatehouse.router.policy.Decider;
import dev.gatehouse.router.policy.Decision;
import dev.gatehouse.router.policy.PolicyReader;
import dev.gatehouse.router.policy.TargetCapacity;
import dev.gatehouse.router.privacy.DataClass;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The propensity's way from the decision to training: logged by the decision log, read back by FeedbackJoin, and
 * used as an inverse-propensity weight, which recovers a target's true success rate where averaging its served
 * outcomes does not.
 */
class PropensityTrainingTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private static final List<String> TARGETS = List.of("cheap", "strong");

    @TempDir
    Path logDir;

    @Test
    void theLoggedPropensityIsReadBackWithTheServedTargetByFeedbackJoin() throws Exception {
        var policy = PolicyReader.parse("""
                targets:
                  - {id: cheap, tier: small, quality: {default: 0.5}}
                  - {id: strong, tier: large, quality: {default: 0.9}}
                  - {id: middle, tier: medium, quality: {default: 0.7}}
                learnedRouter: {explore: 0.3}
                """, "exploring");
        Map<String, TargetCapacity> capacity = new HashMap<>();
        for (String t : List.of("cheap", "strong", "middle")) capacity.put(t, TargetCapacity.idle(t, 2, 0).withContext(8192));
        Map<String, Decision> decisions = new HashMap<>();
        List<String> prompts = new ArrayList<>();
        try (var log = DecisionLog.open(logDir, 1 << 20, 3, LogKey.resolve(Map.of(), logDir));
                var feedback = FeedbackLog.open(logDir)) {
            for (int i = 0; i < 60; i++) {
                String id = "d" + i;
                Decision d = Decider.decide(RequestFeatures.of("general", 0.5, DataClass.PUBLIC, 20)
                        .withRequest(new RequestFeatures.Requested(id, null, Priority.BALANCED, null)),
                        new CapacitySnapshot(T0.plusSeconds(i), capacity, Map.of()), policy);
                decisions.put(id, d);
                log.append(d, new Outcome(false, d.target(), 200, 10, 5, 20, 10, 0, null), log.hash("prompt " + i));
                feedback.append(new Feedback(id, i % 2 == 0 ? 1.0 : 0.0, null, null, null, T0));
                prompts.add(JSON.writeValueAsString(Map.of("decision_id", id, "prompt", "prompt " + i)));
            }
        }
        Files.write(logDir.resolve("prompts.jsonl"), prompts);

        var joined = FeedbackJoin.read(logDir, logDir.resolve("prompts.jsonl"), Map.of());

        assertThat(joined.rows()).hasSize(60);
        int explored = 0;
        for (LabelledDecision row : joined.rows()) {
            Decision d = decisions.get(row.decisionId());
            assertThat(row.served().target()).isEqualTo(d.target());
            assertThat(row.served().propensity()).isEqualTo(d.exploration().propensity());
            assertThat(row.served().greedy()).isEqualTo(d.exploration().greedy());
            assertThat(row.weight(d.target())).isEqualTo(1 / d.exploration().propensity());
            if (d.explored()) {
                explored++;
                assertThat(row.served().propensity()).as("0.3 over the two other targets").isEqualTo(0.15);
            }
        }
        assertThat(explored).isPositive();
        assertThat(joined.costs()).containsKeys("cheap", "strong", "middle");
    }

    /**
     * The policy sends easy prompts to cheap and hard ones to strong, and explores the other with probability 0.1.
     * Cheap succeeds on 90% of easy prompts and 10% of hard ones (true rate 0.5); strong on all easy and 80% of hard
     * ones (0.9). Averaged where each served, both look like 0.82; weighted by inverse propensity, 0.5 and 0.9.
     */
    @Test
    void inversePropensityWeightsRecoverEachTargetsTrueSuccessRateWhereAveragingServedOutcomesDoesNot() {
        List<LabelledDecision> rows = new ArrayList<>();
        List<float[]> x = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            boolean explored = i % 10 == 0;
            // easy prompt i: cheap serves 90 (81 right), strong is explored on 10 (all right)
            String easyServed = explored ? "strong" : "cheap";
            double easyOutcome = explored ? 1 : (i % 10 == 9 && i < 90 ? 0 : 1);
            rows.add(row("e" + i, 2 * i, easyServed, easyOutcome, explored ? 0.1 : 0.9, "cheap"));
            x.add(new float[] {1, 0.01f * (i % 7), 0});
            // hard prompt i: strong serves 90 (72 right), cheap is explored on 10 (1 right)
            String hardServed = explored ? "cheap" : "strong";
            double hardOutcome = explored ? (i == 0 ? 1 : 0) : (i % 10 >= 8 && i < 90 ? 0 : 1);
            rows.add(row("h" + i, 2 * i + 1, hardServed, hardOutcome, explored ? 0.1 : 0.9, "strong"));
            x.add(new float[] {0, 0.01f * (i % 7), 1});
        }
        float[][] embeddings = x.toArray(float[][]::new);
        List<LabelledDecision> unweighted = rows.stream()
                .map(r -> new LabelledDecision(r.decisionId(), r.at(), r.prompt(), r.outcomes())).toList();

        var weighted = FeedbackTraining.train(rows, embeddings, TARGETS, null, Double.NaN, "test", 1).candidate();
        var naive = FeedbackTraining.train(unweighted, embeddings, TARGETS, null, Double.NaN, "test", 1).candidate();

        assertThat(naive.priors()[0]).as("cheap, averaged where it served").isCloseTo(0.82, within(1e-9));
        assertThat(naive.priors()[1]).as("strong, averaged where it served").isCloseTo(0.82, within(1e-9));
        assertThat(weighted.priors()[0]).as("cheap, inverse-propensity weighted").isCloseTo(0.5, within(1e-9));
        assertThat(weighted.priors()[1]).as("strong, inverse-propensity weighted").isCloseTo(0.9, within(1e-9));
        double[] hard = weighted.expected(new float[] {0, 0, 1});
        assertThat(hard[0]).as("cheap on a hard prompt").isLessThan(0.35);
        assertThat(hard[1]).as("strong on a hard prompt").isGreaterThan(0.7);
    }

    @Test
    void withCostsTheHeldOutReportEstimatesTheCandidateOnExploredDecisions() {
        List<LabelledDecision> rows = new ArrayList<>();
        List<float[]> x = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            boolean easy = i % 2 == 0;
            boolean explored = i % 10 < 2;
            String greedy = "strong";
            String served = explored ? "cheap" : "strong";
            double outcome = served.equals("strong") ? 1 : easy ? 1 : 0;
            rows.add(row("d" + i, i, served, outcome, explored ? 0.2 : 0.8, greedy));
            x.add(easy ? new float[] {1, 0.01f * (i % 5), 0} : new float[] {0, 0.01f * (i % 5), 1});
        }

        var report = FeedbackTraining.train(rows, x.toArray(float[][]::new), TARGETS, null, 0.9, "test", 1,
                Map.of("cheap", 0.001, "strong", 0.01)).report();

        var ope = report.offPolicy();
        assertThat(ope.decisions()).isEqualTo(40);
        assertThat(ope.explored()).isPositive();
        assertThat(ope.logged()).as("strong always answers").isCloseTo(1.0, within(0.05));
        assertThat(ope.candidateCost()).as("the candidate sends easy prompts to cheap").isLessThan(ope.loggedCost());
        assertThat(ope.difference()).as("and loses nothing on them").isGreaterThan(-2 * ope.differenceSe() - 0.05);
        assertThat(report.lines()).anyMatch(l -> l.contains("off-policy (doubly robust)"));
    }

    private static LabelledDecision row(String id, int order, String served, double outcome, double propensity,
            String greedy) {
        return new LabelledDecision(id, String.format("%05d", order), "prompt " + id, Map.of(served, outcome),
                new LabelledDecision.Served(served, propensity, 0.1, greedy, TARGETS));
    }
}
