package dev.gatehouse.router.difficulty;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HeadSelectionTest {
    private static List<RoutingExample> rows(int n, int groups) {
        var out = new ArrayList<RoutingExample>();
        for (int i = 0; i < n; i++) out.add(new RoutingExample("p" + i, "g" + (i % groups), 0, 1, Double.NaN, Double.NaN));
        return out;
    }

    @Test
    void validatingOnGroupsPutsEachGroupWhollyInOneFold() {
        var examples = rows(700, 7);
        var drawn = HeadSelection.folds(examples, DifficultyTrainer.Validation.GROUPS, 1);
        int[] folds = drawn.ofRow();
        for (int i = 0; i < folds.length; i++) {
            assertThat(folds[i]).isBetween(0, HeadSelection.FOLDS - 1);
            assertThat(folds[i]).isEqualTo(folds[i % 7]);
        }
        assertThat(drawn.description()).isEqualTo("whole groups per fold");
    }

    @Test
    void validatingOnPromptsOrWithFewGroupsSpreadsRowsOverEveryFold() {
        for (var examples : List.of(rows(1000, 3), rows(1000, 20))) {
            var mode = examples.stream().map(RoutingExample::group).distinct().count() == 3
                    ? DifficultyTrainer.Validation.GROUPS : DifficultyTrainer.Validation.PROMPTS;
            var drawn = HeadSelection.folds(examples, mode, 1);
            int[] folds = drawn.ofRow();
            int[] counts = new int[HeadSelection.FOLDS];
            for (int f : folds) counts[f]++;
            for (int c : counts) assertThat(c).isBetween(150, 250);
            assertThat(drawn.description()).isEqualTo("rows at random");
        }
    }

    @Test
    void withManyRowsTheValidationRowsAloneJudgeTheL2() {
        assertThat(HeadSelection.folds(rows(HeadSelection.CV_BELOW_ROWS, 10), DifficultyTrainer.Validation.GROUPS, 1)).isNull();
    }

    @Test
    void aSmallTrainingSetRecordsThatItsL2WasCrossValidated() {
        var training = DifficultyTrainerTest.threeKinds(600, 1, 0, 1)
                .train(new DifficultyTrainer.Provenance(List.of("toy.csv"), "weak", "strong", "toy"), 3,
                        DifficultyTrainer.Validation.PROMPTS)
                .training();
        assertThat(training.method()).contains("5-fold cross-validated log-loss (rows at random)");
        assertThat(training.fits()).allSatisfy(fit -> assertThat(fit.validationLogLoss()).isPositive().isLessThan(0.69));
    }
}
