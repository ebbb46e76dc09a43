package dev.gatehouse.router.difficulty;

import java.util.Random;

/**
 * L2-regularised logistic regression trained by mini-batch Adam, stopped early when the validation log-loss has not
 * improved for {@code patience} epochs; the best epoch's weights are kept. {@link #refit} then trains on every row for
 * that many epochs. Deterministic for a given seed.
 */
final class LogisticRegression {
    private LogisticRegression() {}

    record Settings(double l2, double learningRate, int maxEpochs, int patience, int batchSize, long seed) {
        Settings {
            if (l2 < 0) throw new IllegalArgumentException("l2 < 0: " + l2);
            if (learningRate <= 0) throw new IllegalArgumentException("learningRate <= 0: " + learningRate);
            if (maxEpochs < 1 || patience < 1 || batchSize < 1) {
                throw new IllegalArgumentException("maxEpochs, patience and batchSize must be >= 1");
            }
        }

        static Settings withL2(double l2, long seed) {
            return new Settings(l2, 0.01, 200, 8, 128, seed);
        }
    }

    /** Weights, bias, the epoch the weights come from, and their validation log-loss. */
    record Fit(double[] weights, double bias, int bestEpoch, double validationLoss) {
        double probability(double[] x) {
            return sigmoid(logit(x));
        }

        double logit(double[] x) {
            return dot(weights, x) + bias;
        }
    }

    /**
     * The same settings for exactly {@code epochs} epochs on {@code x}, no early stopping: once validation has said how
     * long to train, the validation rows are trained on too. For a router meant to carry over to unseen topics the
     * held-out groups are a quarter of the topics it could learn from; leaving them out costs more than it saves.
     * The returned fit keeps {@code validationLoss}, the loss measured when the epoch count was chosen.
     */
    static Fit refit(double[][] x, double[] y, Settings settings, Fit chosen) {
        int epochs = Math.max(1, chosen.bestEpoch());
        var fixed = new Settings(settings.l2(), settings.learningRate(), epochs, epochs, settings.batchSize(), settings.seed());
        var fit = train(x, y, null, null, fixed);
        return new Fit(fit.weights(), fit.bias(), epochs, chosen.validationLoss());
    }

    /** Labels are probabilities in [0, 1] (0/1 for hard labels). Null validation rows: train all maxEpochs, keep the last. */
    static Fit train(double[][] x, double[] y, double[][] validationX, double[] validationY, Settings settings) {
        if (x.length == 0) throw new IllegalArgumentException("no training rows");
        int d = x[0].length;
        double mean = 0;
        for (double v : y) mean += v;
        mean = Math.clamp(mean / y.length, 1e-3, 1 - 1e-3);
        double[] w = new double[d + 1];
        w[d] = Math.log(mean / (1 - mean));
        double[] m = new double[d + 1];
        double[] v = new double[d + 1];
        double[] g = new double[d + 1];
        int[] order = new int[x.length];
        for (int i = 0; i < order.length; i++) order[i] = i;
        var random = new Random(settings.seed());
        double bestLoss = Double.POSITIVE_INFINITY;
        double[] best = w.clone();
        int bestEpoch = 0;
        long step = 0;
        for (int epoch = 1; epoch <= settings.maxEpochs() && epoch - bestEpoch <= settings.patience(); epoch++) {
            shuffle(order, random);
            for (int from = 0; from < order.length; from += settings.batchSize()) {
                int to = Math.min(order.length, from + settings.batchSize());
                java.util.Arrays.fill(g, 0);
                for (int k = from; k < to; k++) {
                    double[] row = x[order[k]];
                    double error = sigmoid(dot(w, row) + w[d]) - y[order[k]];
                    for (int j = 0; j < d; j++) g[j] += error * row[j];
                    g[d] += error;
                }
                int n = to - from;
                step++;
                for (int j = 0; j <= d; j++) {
                    double grad = g[j] / n + (j < d ? settings.l2() * w[j] : 0);
                    m[j] = 0.9 * m[j] + 0.1 * grad;
                    v[j] = 0.999 * v[j] + 0.001 * grad * grad;
                    double mHat = m[j] / (1 - Math.pow(0.9, step));
                    double vHat = v[j] / (1 - Math.pow(0.999, step));
                    w[j] -= settings.learningRate() * mHat / (Math.sqrt(vHat) + 1e-8);
                }
            }
            double loss = validationX == null ? -epoch : logLoss(w, validationX, validationY);
            if (loss < bestLoss - 1e-6) {
                bestLoss = loss;
                best = w.clone();
                bestEpoch = epoch;
            }
        }
        return new Fit(java.util.Arrays.copyOf(best, d), best[d], bestEpoch, bestLoss);
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

    private static void shuffle(int[] a, Random random) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
