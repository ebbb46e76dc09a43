package dev.gatehouse.router.difficulty;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class LogisticRegressionTest {

    @Test
    void learnsALinearlySeparableToySetWithUnderTwoPercentErrorsAndTheRightWeights() {
        var random = new Random(3);
        int n = 400;
        double[][] x = new double[n][];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            double a = random.nextGaussian(), b = random.nextGaussian();
            x[i] = new double[] {a, b, random.nextGaussian()};
            y[i] = a + 2 * b > 0.3 ? 1 : 0;
        }
        var fit = LogisticRegression.train(x, y, x, y, LogisticRegression.Settings.withL2(1e-4));

        int wrong = 0;
        for (int i = 0; i < n; i++) if ((fit.probability(x[i]) > 0.5) != (y[i] == 1)) wrong++;
        assertThat(wrong).isLessThanOrEqualTo(8);
        assertThat(fit.weights()[1]).isGreaterThan(fit.weights()[0]).isGreaterThan(Math.abs(fit.weights()[2]));
    }

    @Test
    void theSameRowsInAnotherOrderGiveTheSameWeightsBecauseTheOptimumIsUnique() {
        double[][] x = {{0, 1}, {1, 0}, {1, 1}, {0, 0}, {2, 1}, {0, 2}};
        double[] y = {0, 1, 1, 0, 1, 0};
        double[][] reversed = {x[5], x[4], x[3], x[2], x[1], x[0]};
        double[] reversedY = {y[5], y[4], y[3], y[2], y[1], y[0]};
        var settings = LogisticRegression.Settings.withL2(1e-3);
        var first = LogisticRegression.train(x, y, x, y, settings);
        var second = LogisticRegression.train(reversed, reversedY, x, y, settings);
        for (int j = 0; j < 2; j++) assertThat(second.weights()[j]).isCloseTo(first.weights()[j], org.assertj.core.data.Offset.offset(1e-5));
        assertThat(second.bias()).isCloseTo(first.bias(), org.assertj.core.data.Offset.offset(1e-5));
    }

    @Test
    void theSolverStopsAtTheOptimumWhereTheGradientVanishes() {
        var random = new Random(4);
        int n = 500;
        double[][] x = new double[n][];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = new double[] {random.nextGaussian(), random.nextGaussian(), random.nextGaussian()};
            y[i] = random.nextDouble() < LogisticRegression.sigmoid(x[i][0] - 2 * x[i][1] + 0.5) ? 1 : 0;
        }
        double l2 = 1e-3;
        var fit = LogisticRegression.train(x, y, null, null, LogisticRegression.Settings.withL2(l2));
        double[] gradient = new double[4];
        for (int i = 0; i < n; i++) {
            double error = fit.probability(x[i]) - y[i];
            for (int j = 0; j < 3; j++) gradient[j] += error * x[i][j] / n;
            gradient[3] += error / n;
        }
        for (int j = 0; j < 3; j++) gradient[j] += l2 * fit.weights()[j];
        for (double g : gradient) assertThat(Math.abs(g)).isLessThan(1e-5);
        assertThat(fit.iterations()).isBetween(1, 200);
        assertThat(fit.validationLoss()).isNaN();
        assertThat(fit.weights()[0]).isCloseTo(1, org.assertj.core.data.Offset.offset(0.3));
        assertThat(fit.weights()[1]).isCloseTo(-2, org.assertj.core.data.Offset.offset(0.4));
    }

    @Test
    void strongerL2KeepsWeightsSmaller() {
        var random = new Random(5);
        double[][] x = new double[200][];
        double[] y = new double[200];
        for (int i = 0; i < 200; i++) {
            x[i] = new double[] {random.nextGaussian()};
            y[i] = x[i][0] + 0.5 * random.nextGaussian() > 0 ? 1 : 0;
        }
        var weak = LogisticRegression.train(x, y, x, y, LogisticRegression.Settings.withL2(1e-4));
        var strong = LogisticRegression.train(x, y, x, y, LogisticRegression.Settings.withL2(1.0));
        assertThat(Math.abs(strong.weights()[0])).isLessThan(Math.abs(weak.weights()[0]));
    }

    @Test
    void aRefitTrainsOnEveryRowWithTheChosenL2AndLearnsWhatOnlyTheHeldOutRowsShow() {
        // Feature 1 varies only in the rows held out for validation: a fit on the training rows cannot learn it,
        // a refit on every row must.
        var random = new Random(9);
        int n = 400;
        double[][] x = new double[n][];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            double a = random.nextGaussian(), b = i >= 300 ? random.nextGaussian() : 0;
            x[i] = new double[] {a, b};
            y[i] = a + 2 * b > 0 ? 1 : 0;
        }
        double[][] train = java.util.Arrays.copyOf(x, 300), held = java.util.Arrays.copyOfRange(x, 300, n);
        double[] trainY = java.util.Arrays.copyOf(y, 300), heldY = java.util.Arrays.copyOfRange(y, 300, n);
        var settings = LogisticRegression.Settings.withL2(1e-4);
        var chosen = LogisticRegression.train(train, trainY, held, heldY, settings);
        var refit = LogisticRegression.refit(x, y, settings, chosen);

        assertThat(chosen.weights()[1]).isZero();
        assertThat(refit.weights()[1]).isGreaterThan(1.0);
        assertThat(refit.validationLoss()).isEqualTo(chosen.validationLoss());
        assertThat(LogisticRegression.refit(x, y, settings, chosen).weights()).containsExactly(refit.weights());
    }
}
