package dev.gatehouse.router.difficulty;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Fits the {@link TopicPrior} on the training rows and picks its weight beside the logistic model by what routing
 * would recover on the validation rows: the area under the curve of "share of the quality gap recovered" over
 * "share of prompts sent to the strong model" (APGR's shape). The weight is picked, not learned jointly, so the
 * choice can be read off the artifact with the figure behind it.
 */
record PriorBlend(DifficultyArtifact.Prior prior, String description) {
    static final String METHOD = "spherical k-means over the training embeddings; per centroid the mean strong − weak score "
            + "of its prompts, smoothed towards the overall mean by " + (int) TopicPrior.SMOOTHING
            + " prompts; a prompt's prior is the softmax (temperature " + TopicPrior.TEMPERATURE + ") of its "
            + TopicPrior.NEAREST + " nearest centroids";

    static final int RESAMPLES = 200;
    /** A conventional one-sided 90% level: the prior must win on nine resamples in ten to be used. */
    static final double CONFIDENCE = 0.9;

    static PriorBlend choose(List<RoutingExample> examples, float[][] embeddings, boolean[] validation, double[] weights,
            double bias, double[][] cheapRaw, List<DifficultyArtifact.CheapFeature> cheap, long seed) {
        List<float[]> trainVectors = new ArrayList<>();
        List<Double> trainGains = new ArrayList<>();
        List<Integer> held = new ArrayList<>();
        for (int i = 0; i < examples.size(); i++) {
            if (validation[i]) {
                held.add(i);
            } else {
                trainVectors.add(embeddings[i]);
                trainGains.add(gain(examples.get(i)));
            }
        }
        int clusters = TopicPrior.clustersFor(trainVectors.size());
        var prior = TopicPrior.fit(trainVectors.toArray(float[][]::new),
                trainGains.stream().mapToDouble(Double::doubleValue).toArray(), clusters, seed);
        int v = held.size();
        double[] logits = new double[v], priors = new double[v], gains = new double[v];
        for (int k = 0; k < v; k++) {
            int i = held.get(k);
            double[] x = DifficultyTrainer.row(embeddings[i], cheapRaw[i], cheap);
            logits[k] = LogisticRegression.dot(weights, x) + bias;
            priors[k] = prior.at(embeddings[i]);
            gains[k] = gain(examples.get(i));
        }
        double mean = mean(priors), spread = spread(priors, mean);
        // Weights are relative to the logistic model's own spread of logits, so the grid means the same whatever
        // scale the regression settled on: 1 = the prior moves a prompt as far as the regression typically does.
        double logitSpread = spread(logits, mean(logits));
        double scale = logitSpread > 0 ? logitSpread : 1;
        double chosen = 0, bestArea = Double.NEGATIVE_INFINITY;
        double[] bestScores = logits;
        var tried = new StringBuilder();
        for (double weight : DifficultyTrainer.PRIOR_WEIGHTS) {
            double[] scores = new double[v];
            for (int k = 0; k < v; k++) scores[k] = logits[k] + (spread > 0 ? weight * scale * (priors[k] - mean) / spread : 0);
            double area = gapRecoveredArea(scores, gains);
            tried.append(String.format(Locale.ROOT, "%s%.2f → %.3f", tried.isEmpty() ? "" : ", ", weight, area));
            if (area > bestArea + 1e-9) {
                bestArea = area;
                chosen = weight;
                bestScores = scores;
            }
        }
        double confidence = chosen == 0 ? 0 : bootstrapWinShare(bestScores, logits, gains, seed);
        String verdict = "";
        if (v < 10 || !(spread > 0)) {
            chosen = 0;
        } else if (chosen != 0 && confidence < CONFIDENCE) {
            verdict = String.format(Locale.ROOT, "; weight %s beat the regression alone in only %.0f%% of %d bootstrap "
                    + "resamples of the validation prompts (under %.0f%%), so the prior is left out", chosen, 100 * confidence,
                    RESAMPLES, 100 * CONFIDENCE);
            chosen = 0;
        } else if (chosen != 0) {
            verdict = String.format(Locale.ROOT, "; it beat the regression alone in %.0f%% of %d bootstrap resamples",
                    100 * confidence, RESAMPLES);
        }
        var artifactPrior = new DifficultyArtifact.Prior(METHOD + ", " + prior.gains().size() + " centroids", chosen * scale, mean,
                spread > 0 ? spread : 1, prior.gains(), prior.encodedCentroids());
        String description = "prior weight " + chosen + " (× the regression's logit spread " + String.format(Locale.ROOT, "%.3f", scale)
                + ") chosen on " + v + " validation prompts by the area under the "
                + "gap-recovered curve (weight → area: " + tried + ")" + verdict;
        return new PriorBlend(artifactPrior, description);
    }

    /**
     * Share of bootstrap resamples of the validation rows on which {@code blended} recovers more of the gap than
     * {@code plain}. On a few hundred validation prompts the best of six weights wins by chance about as often as on
     * merit; a prior that cannot beat the regression on most resamples is noise, and noise in a router costs money.
     */
    static double bootstrapWinShare(double[] blended, double[] plain, double[] gains, long seed) {
        var random = new java.util.Random(seed);
        int n = gains.length, wins = 0;
        double[] b = new double[n], p = new double[n], g = new double[n];
        for (int r = 0; r < RESAMPLES; r++) {
            for (int k = 0; k < n; k++) {
                int pick = random.nextInt(n);
                b[k] = blended[pick];
                p[k] = plain[pick];
                g[k] = gains[pick];
            }
            if (gapRecoveredArea(b, g) > gapRecoveredArea(p, g)) wins++;
        }
        return (double) wins / RESAMPLES;
    }

    /** Mean share of the validation gap recovered when prompts go strong in descending score order, over all shares. */
    static double gapRecoveredArea(double[] scores, double[] gains) {
        Integer[] order = new Integer[scores.length];
        for (int i = 0; i < order.length; i++) order[i] = i;
        java.util.Arrays.sort(order, (a, b) -> Double.compare(scores[b], scores[a]));
        double total = 0;
        for (double g : gains) total += g;
        if (!(total > 0)) return 0;
        double cumulative = 0, area = 0, previous = 0;
        for (int index : order) {
            cumulative += gains[index];
            double recovered = cumulative / total;
            area += (previous + recovered) / 2;
            previous = recovered;
        }
        return area / order.length;
    }

    private static double gain(RoutingExample e) {
        return e.strongScore() - e.weakScore();
    }

    private static double mean(double[] values) {
        double s = 0;
        for (double x : values) s += x;
        return values.length == 0 ? 0 : s / values.length;
    }

    private static double spread(double[] values, double mean) {
        double s = 0;
        for (double x : values) s += (x - mean) * (x - mean);
        return values.length == 0 ? 0 : Math.sqrt(s / values.length);
    }
}
