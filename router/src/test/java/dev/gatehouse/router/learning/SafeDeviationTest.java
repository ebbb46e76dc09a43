package dev.gatehouse.router.learning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.gatehouse.manifest.ConfigException;
import dev.gatehouse.router.features.MiniLmEmbedder;
import dev.gatehouse.router.policy.PolicyReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The conservative rule on a two-dimensional embedding: "easy" prompts near (1, 0), "hard" ones near (0, 1). The
 * strong target has a long served record; the cheap one only what feedback revealed about it. A prompt leaves the
 * strong target only where the cheap target's own neighbours vouch for it.
 */
class SafeDeviationTest {
    private static final List<String> TARGETS = List.of("cheap", "strong");
    private static final double[] COSTS = {0.001, 0.1};
    private static final float[] EASY = {1, 0.05f};
    private static final float[] HARD = {0.05f, 1};

    /** Rows labelled for the strong target: right on 90% of easy and hard prompts alike. */
    private static void strongRecord(List<float[]> x, List<double[]> y) {
        for (int i = 0; i < 100; i++) {
            x.add(point(i % 2 == 0 ? EASY : HARD, i));
            y.add(new double[] {Double.NaN, i % 10 == 0 ? 0 : 1});
        }
    }

    /** Rows labelled for the cheap target only: {@code n} easy prompts it got right, {@code hardFailures} hard ones it failed. */
    private static void cheapRecord(List<float[]> x, List<double[]> y, int n, int hardFailures) {
        for (int i = 0; i < n; i++) {
            x.add(point(EASY, 1000 + i));
            y.add(new double[] {1, Double.NaN});
        }
        for (int i = 0; i < hardFailures; i++) {
            x.add(point(HARD, 2000 + i));
            y.add(new double[] {0, Double.NaN});
        }
    }

    private static float[] point(float[] centre, int seed) {
        double jitter = 0.02 * Math.sin(seed * 12.9898);
        return new float[] {(float) (centre[0] + jitter), (float) (centre[1] - jitter)};
    }

    private static KnnRouter conservative(List<float[]> x, List<double[]> y) {
        return KnnRouter.fit(TARGETS, x.toArray(float[][]::new), y.toArray(double[][]::new), Double.NaN, "test", 1)
                .withRule(KnnRouter.Rule.CONSERVATIVE);
    }

    private static String choice(KnnRouter router, float[] prompt) {
        return TARGETS.get(OffPolicyEstimate.cheapestAdequate(router, COSTS).choose(prompt, new boolean[] {true, true}));
    }

    @Test
    void withThreeRightAnswersTheCheapTargetIsNotVouchedForAndThePromptStaysOnTheStrongTarget() {
        List<float[]> x = new ArrayList<>();
        List<double[]> y = new ArrayList<>();
        strongRecord(x, y);
        cheapRecord(x, y, 3, 0);
        KnnRouter router = conservative(x, y);

        assertThat(router.expected(EASY)[0]).as("the point estimate alone would send it to cheap").isGreaterThan(0.9);
        assertThat(choice(router, EASY)).isEqualTo("strong");
    }

    @Test
    void withManyRightAnswersNearThePromptTheCheapTargetServesIt() {
        List<float[]> x = new ArrayList<>();
        List<double[]> y = new ArrayList<>();
        strongRecord(x, y);
        cheapRecord(x, y, 80, 40);
        KnnRouter router = conservative(x, y);

        assertThat(router.referenceTarget()).isEqualTo("strong");
        assertThat(choice(router, EASY)).isEqualTo("cheap");
    }

    @Test
    void aCheapTargetGoodOnEasyPromptsIsNotOfferedForTheHardOnesItFails() {
        List<float[]> x = new ArrayList<>();
        List<double[]> y = new ArrayList<>();
        strongRecord(x, y);
        cheapRecord(x, y, 80, 40);
        KnnRouter router = conservative(x, y);

        assertThat(router.expected(HARD)[0]).isLessThan(0.5);
        assertThat(choice(router, HARD)).isEqualTo("strong");
    }

    @Test
    void aTargetRightOnItsFewLabelsIsNotTheReferenceOverOneWithALongRecord() {
        List<float[]> x = new ArrayList<>();
        List<double[]> y = new ArrayList<>();
        strongRecord(x, y);
        cheapRecord(x, y, 4, 0); // 100% of 4 has a lower bound below 90% of 100

        assertThat(conservative(x, y).referenceTarget()).isEqualTo("strong");
    }

    @Test
    void theWilsonBoundIsZeroWithoutTrialsAndTightensAsTheyGrow() {
        assertThat(SafeDeviation.wilsonLower(1, 0, SafeDeviation.Z)).isZero();
        assertThat(SafeDeviation.wilsonLower(1, 10, SafeDeviation.Z)).isCloseTo(0.787, within(0.001));
        assertThat(SafeDeviation.wilsonLower(1, 100, SafeDeviation.Z)).isCloseTo(0.974, within(0.001));
        assertThat(SafeDeviation.wilsonLower(0.5, 100, SafeDeviation.Z)).isCloseTo(0.419, within(0.001));
    }

    @Test
    void fewHeavilyWeightedLabelsCountAsFewNeighbours() {
        var even = new NeighbourVotes.Votes(new double[] {1, 1, 1, 1, 1, 1, 1, 1, 1, 1}, filled(10, 1));
        double[] skewed = filled(10, 0.1);
        skewed[0] = 10;
        var oneHeavy = new NeighbourVotes.Votes(even.labels(), skewed);

        assertThat(SafeDeviation.lowerBound(oneHeavy, 10)).isLessThan(SafeDeviation.lowerBound(even, 10));
    }

    @Test
    void underTheConservativeRuleAPreferredTargetsLabelIsNotEvidence() {
        var served = LabelledDecision.Served.certain("strong");
        List<LabelledDecision> rows = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            rows.add(new LabelledDecision("d" + i, String.format("%03d", i), "prompt " + i,
                    Map.of("strong", 0.0, "cheap", 1.0), served)); // strong failed, the operator preferred cheap
        }
        float[][] x = new float[rows.size()][];
        for (int i = 0; i < x.length; i++) x[i] = point(EASY, i);

        var conservative = FeedbackTraining.train(rows, x, TARGETS, null, Double.NaN, "test", 1, Map.of(),
                KnnRouter.Rule.CONSERVATIVE).candidate();
        var plain = FeedbackTraining.train(rows, x, TARGETS, null, Double.NaN, "test", 1, Map.of(),
                KnnRouter.Rule.CHEAPEST_EXPECTED).candidate();

        assertThat(Arrays.stream(conservative.labels()).mapToDouble(r -> r[0]).boxed()).allMatch(v -> v.isNaN());
        assertThat(Arrays.stream(plain.labels()).mapToDouble(r -> r[0])).containsOnly(1.0);
        assertThat(conservative.rule()).isEqualTo(KnnRouter.Rule.CONSERVATIVE);
    }

    @Test
    void anArtifactKeepsItsRuleAndOneWithoutARuleReadsAsCheapestExpected(@TempDir Path dir) throws Exception {
        List<float[]> x = new ArrayList<>();
        List<double[]> y = new ArrayList<>();
        strongRecord(x, y);
        cheapRecord(x, y, 80, 40);
        KnnRouter router = conservative(x, y);
        Path file = dir.resolve("knn.json");
        KnnArtifact.save(router, "test", file);

        KnnRouter loaded = KnnArtifact.load(file);
        assertThat(loaded.rule()).isEqualTo(KnnRouter.Rule.CONSERVATIVE);
        assertThat(loaded.adequacy(EASY).values()).containsExactly(router.adequacy(EASY).values());

        Files.writeString(file, Files.readString(file).replace("\"rule\":\"conservative\",", ""));
        assertThat(KnnArtifact.load(file).rule()).isEqualTo(KnnRouter.Rule.CHEAPEST_EXPECTED);
    }

    @Test
    void aConservativeArtifactWithAnOperatorsSuccessBarStopsThePolicyNamingTheKey(@TempDir Path dir) throws Exception {
        List<float[]> x = new ArrayList<>();
        List<double[]> y = new ArrayList<>();
        strongRecord(x, y);
        cheapRecord(x, y, 80, 40);
        KnnRouter router = KnnRouter.fit(TARGETS, x.toArray(float[][]::new), y.toArray(double[][]::new), Double.NaN,
                MiniLmEmbedder.NAME, 1).withRule(KnnRouter.Rule.CONSERVATIVE);
        KnnArtifact.save(router, "test", dir.resolve("router.json"));
        Path policyFile = dir.resolve("policy.yaml");
        Files.writeString(policyFile, """
                targets:
                  - {id: cheap, tier: small, quality: {default: 0.5}}
                  - {id: strong, tier: large, quality: {default: 0.9}}
                learnedRouter: {artifact: router.json, successBar: 0.7}
                """);
        var policy = PolicyReader.read(policyFile);

        assertThatThrownBy(() -> LearnedRouterArtifact.attach(policy, policyFile.toString()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("learnedRouter.successBar")
                .hasMessageContaining("--rule conservative");
    }

    private static double[] filled(int n, double value) {
        double[] out = new double[n];
        Arrays.fill(out, value);
        return out;
    }
}
