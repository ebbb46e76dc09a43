package dev.gatehouse.router.difficulty;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DifficultyTrainerTest {
    private static final DifficultyTrainer.Provenance PROVENANCE =
            new DifficultyTrainer.Provenance(List.of("toy.csv"), "weak", "strong", "toy-embedder");

    /** Dimension 0 up: only the strong model is right; dimension 1 up: only the weak one is; else both are. */
    static LabelledPrompts threeKinds(int n, long seed, double wrong, double right) {
        var random = new Random(seed);
        List<RoutingExample> examples = new ArrayList<>();
        float[][] embeddings = new float[n][];
        for (int i = 0; i < n; i++) {
            int kind = i % 3;
            float[] v = new float[8];
            for (int j = 0; j < v.length; j++) v[j] = (float) (0.3 * random.nextGaussian());
            if (kind < 2) v[kind] += 1;
            embeddings[i] = v;
            double weak = kind == 0 ? wrong : right, strong = kind == 1 ? wrong : right;
            examples.add(new RoutingExample("question " + i, "group" + (i % 7), weak, strong, Double.NaN, Double.NaN));
        }
        return new LabelledPrompts(examples, embeddings);
    }

    private static double meanScore(DifficultyModel model, LabelledPrompts prompts, int kind) {
        double sum = 0;
        int count = 0;
        for (int i = kind; i < prompts.examples().size(); i += 3) {
            sum += model.score(prompts.examples().get(i).prompt(), prompts.embeddings()[i]);
            count++;
        }
        return sum / count;
    }

    @Test
    void promptsTheWeakModelWinsScoreBelowPromptsBothAnswerAndThoseBelowPromptsOnlyTheStrongModelAnswers() {
        var model = threeKinds(900, 1, 0, 1).train(PROVENANCE, 3, DifficultyTrainer.Validation.GROUPS);
        var test = threeKinds(300, 2, 0, 1);
        double strongOnly = meanScore(model, test, 0), weakOnly = meanScore(model, test, 1), both = meanScore(model, test, 2);
        assertThat(strongOnly).isGreaterThan(0.75);
        assertThat(both).isBetween(0.4, 0.6);
        assertThat(weakOnly).isLessThan(0.25);
    }

    @Test
    void eachHeadRecordsTheL2ItWasPickedWithAndItsValidationLoss() {
        var training = threeKinds(300, 1, 0, 1).train(PROVENANCE, 3, DifficultyTrainer.Validation.PROMPTS).training();
        assertThat(training.fits()).extracting(DifficultyArtifact.HeadFit::head).containsExactly("weak", "strong");
        assertThat(training.fits()).allSatisfy(fit -> {
            assertThat(DifficultyTrainer.L2_GRID).contains(fit.l2());
            assertThat(fit.validationLogLoss()).isPositive().isLessThan(0.69);
        });
        assertThat(training.weakMeanScore()).isCloseTo(2 / 3.0, org.assertj.core.data.Offset.offset(0.01));
        assertThat(training.scoreScale()).contains("all in [0, 1]");
    }

    @Test
    void scoresOnAnotherScaleAreMappedOntoLabelsInTheirOrderAndTrainTheSameRanking() {
        var ratings = threeKinds(900, 1, 2, 9);
        var scale = DifficultyTrainer.ScoreScale.of(ratings.examples());
        assertThat(scale.label(2)).isCloseTo(2 / 9.0, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(scale.label(9)).isEqualTo(1.0);
        assertThat(scale.description()).contains("[0.0, 9.0]");

        var model = ratings.train(PROVENANCE, 3, DifficultyTrainer.Validation.GROUPS);
        var test = threeKinds(300, 2, 2, 9);
        assertThat(meanScore(model, test, 0)).isGreaterThan(meanScore(model, test, 2) + 0.15);
        assertThat(meanScore(model, test, 2)).isGreaterThan(meanScore(model, test, 1) + 0.15);
    }
}
