package dev.gatehouse.router.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Three targets (cheap, middling, dear) on four prompts with known outcomes and costs. */
class MultiTargetRoutingTest {
    static final double[][] SCORES = {{1, 1, 1}, {0, 1, 1}, {0, 0, 1}, {0, 0, 0}};
    static final double[][] COSTS = {{1, 2, 10}, {1, 2, 10}, {1, 2, 10}, {1, 2, 10}};
    static final double[] MEAN_COST = {1, 2, 10};

    @Test
    void theOracleTakesTheCheapestCorrectTargetAndTheCheapestWhenNoneIsRight() {
        var oracle = MultiTargetRouting.oracle(SCORES, COSTS);
        assertThat(oracle.quality()).isEqualTo(0.75);
        assertThat(oracle.cost()).isEqualTo((1 + 2 + 10 + 1) / 4.0);
    }

    @Test
    void aPerfectForecastAtABarOfOneHalfRoutesLikeTheOracleOnAnswerablePrompts() {
        var point = MultiTargetRouting.cheapestAdequate("knn", SCORES, SCORES, COSTS, MEAN_COST, new double[] {0.5})
                .getFirst();
        assertThat(point.quality()).isEqualTo(0.75);
        // the unanswerable prompt goes to the target expected to do best, the first of equals: the cheapest
        assertThat(point.cost()).isEqualTo((1 + 2 + 10 + 1) / 4.0);
    }

    @Test
    void costSavedIsMeasuredAtTheCheapestPointReachingTheQuality() {
        var curve = List.of(new MultiTargetRouting.Point("a", 0.5, 1), new MultiTargetRouting.Point("b", 0.75, 4),
                new MultiTargetRouting.Point("c", 0.75, 10));
        assertThat(MultiTargetRouting.costSavedAt(curve, 0.7, 10)).isCloseTo(0.6, within(1e-12));
        assertThat(MultiTargetRouting.costSavedAt(curve, 0.9, 10)).isNaN();
        assertThat(MultiTargetRouting.qualityWithin(curve, 4)).isEqualTo(0.75);
    }

    @Test
    void lengthSendsTheLongestShareToTheStrongTarget() {
        double[] lengths = {10, 40, 30, 20};
        var points = MultiTargetRouting.byLength(lengths, SCORES, COSTS, 0, 2, 4);
        // one of four to the strong target: the longest, prompt 1, which the cheap one gets wrong and the strong right
        assertThat(points.get(1).quality()).isEqualTo(0.5);
        assertThat(points.get(4).quality()).isEqualTo(0.75);
    }
}
