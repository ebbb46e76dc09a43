package dev.gatehouse.router.eval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.router.features.TaskClassifier.EmbeddedExample;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Two categories in two dimensions: the cheap vectors put two prompts clearly right and two barely on the wrong
 * side; MiniLM's put every prompt right. The threshold decides which guess counts and how often MiniLM runs.
 */
class HybridCategorySweepTest {

    static EmbeddedExample example(String category, String text, float x, float y) {
        return new EmbeddedExample(category, text, new float[] {x, y});
    }

    static final List<EmbeddedExample> PRIOR = List.of(example("alpha", "a one", 1, 0), example("alpha", "a two", 1, 0),
            example("beta", "b one", 0, 1), example("beta", "b two", 0, 1));

    static final HybridCategorySweep SWEEP = new HybridCategorySweep(new HybridCategorySweep.Pair(PRIOR, PRIOR),
            new HybridCategorySweep.Pair(
                    List.of(example("alpha", "row one", 1, 0), example("beta", "row two", 0, 1),
                            example("alpha", "row three", 0.70f, 0.714f), example("beta", "row four", 0.714f, 0.70f),
                            example("beta", "b one", 1, 0)),
                    List.of(example("alpha", "row one", 1, 0), example("beta", "row two", 0, 1),
                            example("alpha", "row three", 1, 0), example("beta", "row four", 0, 1),
                            example("beta", "b one", 0, 1))));

    @Test
    void aThresholdOfZeroIsTheCheapEmbeddingAloneAndAboveOneIsMiniLmAlone() {
        var points = SWEEP.prior(new double[] {0, 2});
        assertThat(points.get(0).accuracy()).isEqualTo(50.0);
        assertThat(points.get(0).miniLmShare()).isZero();
        assertThat(points.get(1).accuracy()).isEqualTo(100.0);
        assertThat(points.get(1).miniLmShare()).isEqualTo(100.0);
    }

    @Test
    void onlyPromptsWithAnUnclearCheapMarginRunMiniLm() {
        var point = SWEEP.prior(new double[] {0.05}).getFirst();
        assertThat(point.miniLmRuns()).isEqualTo(2);
        assertThat(point.accuracy()).isEqualTo(100.0);
    }

    @Test
    void aRowEqualToAPolicyExampleIsNeverScored() {
        assertThat(SWEEP.prompts()).isEqualTo(4);
        assertThat(SWEEP.crossValidation(new double[] {0}, 5)).as("fewer rows than folds").isEmpty();
    }
}
