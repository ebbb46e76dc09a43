package dev.gatehouse.router.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ApgrComparisonTest {
    /** n prompts over {@code groups} groups; the strong model wins on a third of them, at random. */
    private record Data(double[] weak, double[] strong, double[] gain, double[] noise, String[] groups) {
        static Data of(int n, int groups, long seed) {
            var random = new Random(seed);
            double[] weak = new double[n], strong = new double[n], gain = new double[n], noise = new double[n];
            String[] names = new String[n];
            for (int i = 0; i < n; i++) {
                boolean strongWins = random.nextDouble() < 1 / 3.0;
                weak[i] = strongWins ? 0 : 1;
                strong[i] = 1;
                gain[i] = strong[i] - weak[i] + 0.01 * random.nextDouble();
                noise[i] = random.nextDouble();
                names[i] = "g" + (i % groups);
            }
            return new Data(weak, strong, gain, noise, names);
        }
    }

    @Test
    void aRouterThatKnowsTheGainIsAheadOfANoiseRouterInEveryResampleWithAnIntervalAboveZero() {
        var d = Data.of(600, 3, 1);
        var c = ApgrComparison.of(d.gain, d.noise, d.weak, d.strong, d.groups, 7);
        assertThat(c.difference()).isGreaterThan(0.3);
        assertThat(c.low()).isPositive().isLessThanOrEqualTo(c.difference());
        assertThat(c.high()).isGreaterThanOrEqualTo(c.difference());
        assertThat(c.shareAhead()).isEqualTo(1.0);
        assertThat(c.unit()).isEqualTo("prompts");
        assertThat(c.units()).isEqualTo(600);
        assertThat(c.describe()).contains("95% interval", "600 test prompts");
    }

    @Test
    void twoNoiseRoutersGetAnIntervalAroundZero() {
        var d = Data.of(600, 3, 2);
        double[] otherNoise = Data.of(600, 3, 3).noise;
        var c = ApgrComparison.of(d.noise, otherNoise, d.weak, d.strong, d.groups, 7);
        assertThat(c.low()).isNegative();
        assertThat(c.high()).isPositive();
        assertThat(c.shareAhead()).isBetween(0.05, 0.95);
    }

    @Test
    void withEightOrMoreGroupsWholeGroupsAreResampledSoTheIntervalIsNoNarrowerThanForPrompts() {
        var d = Data.of(800, 10, 4);
        double[] otherNoise = Data.of(800, 10, 5).noise;
        var byGroup = ApgrComparison.of(d.noise, otherNoise, d.weak, d.strong, d.groups, 7);
        assertThat(byGroup.unit()).isEqualTo("groups");
        assertThat(byGroup.units()).isEqualTo(10);
        assertThat(byGroup.resamples()).isEqualTo(ApgrComparison.RESAMPLES);
    }

    @Test
    void theSameScoresDifferByExactlyZero() {
        var d = Data.of(300, 3, 6);
        var c = ApgrComparison.of(d.noise, d.noise, d.weak, d.strong, d.groups, 7);
        assertThat(c.difference()).isZero();
        assertThat(c.low()).isZero();
        assertThat(c.high()).isZero();
        assertThat(c.shareAhead()).isZero();
    }
}
