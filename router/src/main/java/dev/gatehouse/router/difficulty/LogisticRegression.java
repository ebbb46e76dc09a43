package dev.gatehouse.router.difficulty;

/**
 * L2-regularised logistic regression solved to its optimum by full-batch L-BFGS. The objective (mean log-loss +
 * l2/2 × |w|², bias not penalised) is strictly convex, so the same rows and L2 give the same weights whatever the
 * seed or row order. The earlier mini-batch Adam with early stopping let the seed alone move held-out-subject APGR
 * between 0.59 and 0.67 and MMLU → RouterBench between 0.43 and 0.54: the stopping epoch and the L2 picked on a noisy
 * validation loss carried most of the model. Regularisation now comes from L2 alone, picked on validation rows.
 */
final class LogisticRegression {
    private static final int HISTORY = 10;

    private LogisticRegression() {}

    /**
     * @param l2            L2 strength on the weights (not the bias)
     * @param maxIterations L-BFGS iterations at most
     * @param tolerance     stop when the largest gradient component is below this
     */
    record Settings(double l2, int maxIterations, double tolerance) {
        Settings {
            if (!(l2 > 0)) throw new IllegalArgumentException("l2 must be > 0 (the objective must be strictly convex): " + l2);
            if (maxIterations < 1) throw new IllegalArgumentException("maxIterations must be >= 1");
            if (!(tolerance > 0)) throw new IllegalArgumentException("tolerance must be > 0");
        }

        static Settings withL2(double l2) {
            return new Settings(l2, 1000, 1e-6);
        }
    }

    /**
     * Weights, bias, the iterations the solver took, and the log-loss on the validation rows given to
     * {@link #train} (NaN when none were).
     */
    record Fit(double[] weights, double bias, int iterations, double validationLoss) {
        double probability(double[] x) {
            return sigmoid(logit(x));
        }

        double logit(double[] x) {
            return dot(weights, x) + bias;
        }
    }

    /** Labels are probabilities in [0, 1] (0/1 for hard labels); the validation rows are only measured. */
    static Fit train(double[][] x, double[] y, double[][] validationX, double[] validationY, Settings settings) {
        return solve(x, y, validationX, validationY, settings, null);
    }

    /**
     * The same L2 on other rows (for a router, every row including the validation ones: once validation has picked
     * the L2, the held-out groups are a quarter of the topics the router could learn from). Starts from
     * {@code chosen}'s weights, which only saves iterations: the optimum is unique. Keeps {@code chosen}'s validation
     * loss, the one the L2 was picked by.
     */
    static Fit refit(double[][] x, double[] y, Settings settings, Fit chosen) {
        var fit = solve(x, y, null, null, settings, chosen);
        return new Fit(fit.weights(), fit.bias(), fit.iterations(), chosen.validationLoss());
    }

    private static Fit solve(double[][] x, double[] y, double[][] validationX, double[] validationY, Settings settings, Fit start) {
        if (x.length == 0) throw new IllegalArgumentException("no training rows");
        var objective = new Objective(x, y, settings.l2());
        int size = x[0].length + 1;
        double[] w = new double[size];
        if (start != null) {
            System.arraycopy(start.weights(), 0, w, 0, size - 1);
            w[size - 1] = start.bias();
        } else {
            double mean = 0;
            for (double v : y) mean += v;
            mean = Math.clamp(mean / y.length, 1e-3, 1 - 1e-3);
            w[size - 1] = Math.log(mean / (1 - mean));
        }
        int iterations = Lbfgs.minimise(objective, w, settings.maxIterations(), settings.tolerance(), HISTORY);
        double[] weights = java.util.Arrays.copyOf(w, size - 1);
        double validation = validationX == null || validationX.length == 0 ? Double.NaN : logLoss(w, validationX, validationY);
        return new Fit(weights, w[size - 1], iterations, validation);
    }

    /** Mean log-loss + l2/2 |w|² and its gradient; the last entry of the parameter vector is the bias. */
    private record Objective(double[][] x, double[] y, double l2) implements Lbfgs.Function {
        @Override
        public double valueAndGradient(double[] w, double[] gradient) {
            int d = w.length - 1, n = x.length;
            java.util.Arrays.fill(gradient, 0);
            double loss = 0;
            for (int i = 0; i < n; i++) {
                double[] row = x[i];
                double z = dot(w, row) + w[d];
                // log(1 + e^z) − y z, computed without overflow for large |z|
                loss += (z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z))) - y[i] * z;
                double error = sigmoid(z) - y[i];
                for (int j = 0; j < d; j++) gradient[j] += error * row[j];
                gradient[d] += error;
            }
            double penalty = 0;
            for (int j = 0; j <= d; j++) gradient[j] /= n;
            for (int j = 0; j < d; j++) {
                gradient[j] += l2 * w[j];
                penalty += w[j] * w[j];
            }
            return loss / n + 0.5 * l2 * penalty;
        }
    }

    static double logLoss(double[] w, double[][] x, double[] y) {
        int d = w.length - 1;
        double sum = 0;
        for (int i = 0; i < x.length; i++) {
            double p = Math.clamp(sigmoid(dot(w, x[i]) + w[d]), 1e-12, 1 - 1e-12);
            sum -= y[i] * Math.log(p) + (1 - y[i]) * Math.log(1 - p);
        }
        return sum / Math.max(1, x.length);
    }

    static double sigmoid(double z) {
        return 1 / (1 + Math.exp(-z));
    }

    /** Dot product over {@code x.length} entries ({@code w} may carry the bias after them). */
    static double dot(double[] w, double[] x) {
        double s = 0;
        for (int j = 0; j < x.length; j++) s += w[j] * x[j];
        return s;
    }
}
