package dev.gatehouse.router.difficulty;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TopicPriorTest {
    /** Unit vector near one of four axis directions (±x, ±y) of an 8-dimensional space. */
    static float[] near(int pocket, Random random) {
        float[] v = new float[8];
        for (int j = 0; j < v.length; j++) v[j] = (float) (random.nextGaussian() * 0.1);
        v[pocket / 2] += pocket % 2 == 0 ? 1 : -1;
        double norm = 0;
        for (float f : v) norm += f * f;
        for (int j = 0; j < v.length; j++) v[j] /= (float) Math.sqrt(norm);
        return v;
    }

    /** Pockets 0 (+x) and 1 (−x) are hard: opposite directions, so no single linear direction separates them. */
    static LabelledPrompts pockets(int n, long seed) {
        var random = new Random(seed);
        List<RoutingExample> examples = new ArrayList<>();
        float[][] vectors = new float[n][];
        for (int i = 0; i < n; i++) {
            int pocket = i % 4;
            vectors[i] = near(pocket, random);
            boolean hard = pocket < 2;
            examples.add(new RoutingExample("same words for every prompt", "topic" + pocket, hard ? 0 : 1, 1, Double.NaN,
                    Double.NaN));
        }
        return new LabelledPrompts(examples, vectors);
    }

    @Test
    void thePriorOfAPromptIsTheMeanGainOfTheTopicItFallsIn() {
        var corpus = pockets(400, 1);
        double[] gains = corpus.examples().stream().mapToDouble(e -> e.strongScore() - e.weakScore()).toArray();
        var prior = TopicPrior.fit(corpus.embeddings(), gains, 4, 3);
        var random = new Random(9);

        assertThat(prior.at(near(0, random))).isGreaterThan(0.9);
        assertThat(prior.at(near(1, random))).isGreaterThan(0.9);
        assertThat(prior.at(near(2, random))).isLessThan(0.1);
        assertThat(prior.at(near(3, random))).isLessThan(0.1);
    }

    @Test
    void aTopicWithFewPromptsIsShrunkTowardsTheOverallMean() {
        var random = new Random(2);
        float[][] vectors = new float[105][];
        double[] gains = new double[105];
        for (int i = 0; i < 100; i++) vectors[i] = near(2, random);
        for (int i = 100; i < 105; i++) {
            vectors[i] = near(0, random);
            gains[i] = 1;
        }
        var prior = TopicPrior.fit(vectors, gains, 2, 1);
        double overall = 5 / 105.0;
        double expected = (5 + TopicPrior.SMOOTHING * overall) / (5 + TopicPrior.SMOOTHING);

        assertThat(prior.at(near(0, new Random(5)))).isCloseTo(expected, org.assertj.core.data.Offset.offset(0.02));
    }

    @Test
    void centroidsSurviveTheirBase64FormBitForBit() {
        var corpus = pockets(200, 4);
        double[] gains = corpus.examples().stream().mapToDouble(e -> e.strongScore() - e.weakScore()).toArray();
        var prior = TopicPrior.fit(corpus.embeddings(), gains, 4, 1);
        var copy = TopicPrior.decode(prior.encodedCentroids(), prior.gains());
        var random = new Random(6);
        for (int i = 0; i < 20; i++) {
            float[] v = near(i % 4, random);
            assertThat(copy.at(v)).isEqualTo(prior.at(v));
        }
    }

    @Test
    void trainingWeighsInThePriorWhenTopicsAreHardInPocketsALinearModelCannotSeparate() {
        var model = pockets(800, 1).train(new DifficultyTrainer.Provenance(List.of("pockets.csv"), "weak", "strong", "toy"), 3,
                DifficultyTrainer.Validation.PROMPTS);
        var random = new Random(8);

        assertThat(model.artifact().prior().weight()).isPositive();
        assertThat(model.training().blend()).contains("prior share", "validation prompts");
        // The prior's share of the gain lifts the hard pockets as a whole by about share × the pockets' prior gap (≈ 0.9)
        // / 2 × tanh's slope there (≈ 0.8) in score units; at least half of that must show. Single prompts may still
        // swap places where the linear heads' noise is larger than the lift.
        double hard = 0, easy = 0;
        for (int i = 0; i < 200; i++) {
            hard += model.score("same words for every prompt", near(i % 2, random)) / 200;
            easy += model.score("same words for every prompt", near(2 + i % 2, random)) / 200;
        }
        double share = model.artifact().prior().weight();
        assertThat(hard - easy).as("share %s", share).isGreaterThan(share * 0.9 / 2 * 0.8 / 2);
    }

    @Test
    void aPriorThatAddsNothingToTheRegressionIsLeftOut() {
        // Hard prompts lean along dimension 5, whatever their topic pocket: a linear model sees it, the pockets don't.
        var random = new Random(11);
        List<RoutingExample> examples = new ArrayList<>();
        float[][] vectors = new float[400][];
        for (int i = 0; i < vectors.length; i++) {
            boolean hard = random.nextBoolean();
            float[] v = near(i % 4, random);
            v[5] += hard ? 0.4f : -0.4f;
            double norm = 0;
            for (float f : v) norm += f * f;
            for (int j = 0; j < v.length; j++) v[j] /= (float) Math.sqrt(norm);
            vectors[i] = v;
            examples.add(new RoutingExample("same words for every prompt", "topic" + i % 4, hard ? 0 : 1, 1, Double.NaN, Double.NaN));
        }
        var model = new LabelledPrompts(examples, vectors).train(
                new DifficultyTrainer.Provenance(List.of("linear.csv"), "weak", "strong", "toy"), 3, DifficultyTrainer.Validation.PROMPTS);

        assertThat(model.artifact().prior().weight()).as(model.training().blend()).isZero();
    }

    @Test
    void theBootstrapErrorIsZeroForIdenticalScoresAndPositiveForDifferentOnes() {
        var random = new Random(4);
        double[] gains = new double[200], perfect = new double[200], reversed = new double[200];
        for (int i = 0; i < gains.length; i++) {
            gains[i] = random.nextDouble() < 0.2 ? 1 : 0;
            perfect[i] = gains[i] + random.nextDouble() * 0.1;
            reversed[i] = -perfect[i];
        }

        assertThat(PriorBlend.bootstrapError(perfect, perfect, gains, 1)).isZero();
        assertThat(PriorBlend.bootstrapError(perfect, reversed, gains, 1)).isBetween(0.001, 0.2);
    }

    @Test
    void theGapRecoveredAreaIsOneForAPerfectOrderAndAboutAHalfForAReversedOne() {
        double[] gains = {1, 1, 0, 0, 0, 0, 0, 0};
        double[] perfect = {8, 7, 6, 5, 4, 3, 2, 1};
        double[] reversed = {1, 2, 3, 4, 5, 6, 7, 8};

        assertThat(PriorBlend.gapRecoveredArea(perfect, gains)).isGreaterThan(0.85);
        assertThat(PriorBlend.gapRecoveredArea(reversed, gains)).isLessThan(0.2);
        assertThat(PriorBlend.gapRecoveredArea(perfect, new double[8])).isZero();
    }

    @Test
    void aRouterValidatedOnGroupsItNeverSawLeavesThePriorOutEvenWhereItWouldHelpOnItsOwnTopics() {
        // The same pockets where a PROMPTS-validated router weighs the prior in: validated by groups, the router is for
        // topics it will not have seen, and a prior of the training topics has nothing to say about those.
        var model = pockets(800, 1).train(new DifficultyTrainer.Provenance(List.of("pockets.csv"), "weak", "strong", "toy"), 3,
                DifficultyTrainer.Validation.GROUPS);
        assertThat(model.artifact().prior().weight()).isZero();
        assertThat(model.training().blend()).startsWith("prior share 0, not used: validation by groups");
        assertThat(model.artifact().prior().centroids()).isEmpty();
    }
}
