package dev.gatehouse.router.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class CostQualityCurveTest {
    // 10 prompts: the strong model wins on prompts 0-2, both right on 3-7, both wrong on 8-9
    final double[] weak = {0, 0, 0, 1, 1, 1, 1, 1, 0, 0};
    final double[] strong = {1, 1, 1, 1, 1, 1, 1, 1, 0, 0};
    final double[] weakCost = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1};
    final double[] strongCost = {10, 10, 10, 10, 10, 10, 10, 10, 10, 10};

    CostQualityCurve ranked(double... scores) {
        return CostQualityCurve.ranked(scores, weak, strong, weakCost, strongCost);
    }

    @Test
    void theOracleRecoversTheWholeGapWithItsFirstThreeStrongCalls() {
        var oracle = ranked(1, 1, 1, 0, 0, 0, 0, 0, 0, 0);
        assertThat(oracle.cpt(1.0)).isEqualTo(0.3);
        assertThat(oracle.cpt(0.5)).isEqualTo(0.2);
        // PGR 1/3, 2/3, then 1 for the remaining 7 of 10 steps
        assertThat(oracle.apgr()).isCloseTo((1 / 6.0 + 1 / 2.0 + 5 / 6.0 + 7) / 10, within(1e-12));
        // 95% of strong quality (0.8) is 0.76: reached with all 3 wins, cost (7 + 30) / 10 vs 10
        assertThat(oracle.savingsAt(0.95)).isCloseTo(1 - 3.7 / 10, within(1e-12));
        // counted in calls, 3 of 10 go to the strong model
        assertThat(oracle.callSavingsAt(0.95)).isCloseTo(0.7, within(1e-12));
    }

    @Test
    void theRandomRouterIsAStraightLineWithApgrOneHalf() {
        var random = CostQualityCurve.random(10, 0.5, 0.8, 1, 10);
        assertThat(random.apgr()).isCloseTo(0.5, within(1e-12));
        assertThat(random.cpt(0.5)).isEqualTo(0.5);
        assertThat(random.cpt(0.8)).isCloseTo(0.8, within(1e-12));
    }

    @Test
    void randomScoresAverageToApgrNearOneHalfAndNeverBeatTheOracle() {
        var rng = new Random(1);
        double sum = 0;
        var oracle = ranked(1, 1, 1, 0, 0, 0, 0, 0, 0, 0);
        for (int trial = 0; trial < 2000; trial++) {
            var curve = ranked(rng.doubles(10).toArray());
            assertThat(curve.apgr()).isLessThanOrEqualTo(oracle.apgr() + 1e-12);
            sum += curve.apgr();
        }
        assertThat(sum / 2000).isCloseTo(0.5, within(0.02));
    }

    @Test
    void aRouterThatPicksTheLosersFirstRecoversNothingUntilLate() {
        var worst = ranked(0, 0, 0, 1, 1, 1, 1, 1, 1, 1);
        assertThat(worst.cpt(0.5)).isEqualTo(0.9);
        assertThat(worst.apgr()).isLessThan(0.5);
        assertThat(worst.sampled(10)).hasSize(11);
        assertThat(worst.sampled(10).getFirst().quality()).isEqualTo(0.5);
        assertThat(worst.sampled(10).getLast().quality()).isEqualTo(0.8);
    }
}
