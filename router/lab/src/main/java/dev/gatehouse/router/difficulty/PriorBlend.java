package dev.gatehouse.router.difficulty;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Fits the {@link TopicPrior} on the training rows and picks its share of the expected gain, beside the two heads, by
 * what routing would recover on the validation rows: the area under the curve of "share of the quality gap recovered"
 * over "share of prompts sent to the strong model" (APGR's shape), with the one-standard-error rule — the smallest
 * share whose shortfall against the best is within the bootstrap standard error of that shortfall. The best of six
 * shares on a few hundred validation prompts is often best by chance, and a prior mixed in by chance costs real
 * routing quality. The share is picked, not learned jointly, so the choice can be read off the artifact with the
 * figures.
 */
record PriorBlend(DifficultyArtifact.Prior prior, String description) {
    static final String METHOD = "spherical k-means over the training embeddings; per centroid the mean strong − weak score "
            + "of its prompts, smoothed towards the overall mean by " + (int) TopicPrior.SMOOTHING
            + " prompts; a prompt's prior is the softmax (temperature " + TopicPrior.TEMPERATURE + ") of its "
            + TopicPrior.NEAREST + " nearest centroids";

    static final int RESAMPLES = 200;

    static final String UNSEEN_TOPICS = "not used: validation by groups means a router for topics it never saw, and the "
            + "prior only knows the training topics (held-out subjects of one benchmark still sit near trained ones and "
            + "let a small share through, which on MMLU → RouterBench cost up to 0.12 APGR)";

    /**
     * {@code headGains}: the heads' expected gain for every row, the score the prior is weighed against.
     * {@code seenTopics}: whether the router will serve the topics it is trained on; when not, the prior's share is 0.
     */
    static PriorBlend choose(List<RoutingExample> examples, float[][] embeddings, boolean[] validation, double[] headGains,
            boolean seenTopics, long seed) {
        if (!seenTopics) {
            // Not fitted at all: centroids nobody reads would only cost training time and artifact size.
            return new PriorBlend(new DifficultyArtifact.Prior("none", 0, List.of(), List.of()), "prior share 0, " + UNSEEN_TOPICS);
        }
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
        double[] base = new double[v], priors = new double[v], gains = new double[v];
        for (int k = 0; k < v; k++) {
            int i = held.get(k);
            base[k] = headGains[i];
            priors[k] = prior.at(embeddings[i]);
            gains[k] = gain(examples.get(i));
        }
        // The heads and the prior speak the same unit, an expected gain, so they mix directly: weight w trusts the
        // topic prior for a share w of the gain. No rescaling, so heads with little spread cannot mute the prior.
        var pick = spread(priors, mean(priors)) > 0 && v >= 10 ? pickWeight(base, priors, gains, seed)
                : new Pick(0, "no validation prompts or no spread of the prior to weigh");
        double weight = pick.weight();
        var artifactPrior = new DifficultyArtifact.Prior(METHOD + ", " + prior.gains().size() + " centroids", weight,
                prior.gains(), prior.encodedCentroids());
        String description = "prior share " + weight + " of the expected gain, chosen on " + v + " validation prompts: "
                + pick.reason();
        return new PriorBlend(artifactPrior, description);
    }

    /** The chosen weight and why. */
    record Pick(double weight, String reason) {}

    private static Pick pickWeight(double[] base, double[] priors, double[] gains, long seed) {
        double[] grid = DifficultyTrainer.PRIOR_WEIGHTS;
        double[][] scores = new double[grid.length][base.length];
        double[] areas = new double[grid.length];
        int best = 0;
        var tried = new StringBuilder();
        for (int w = 0; w < grid.length; w++) {
            for (int k = 0; k < base.length; k++) scores[w][k] = (1 - grid[w]) * base[k] + grid[w] * priors[k];
            areas[w] = gapRecoveredArea(scores[w], gains);
            tried.append(String.format(Locale.ROOT, "%s%.2f → %.3f", tried.isEmpty() ? "" : ", ", grid[w], areas[w]));
            if (areas[w] > areas[best] + 1e-9) best = w;
        }
        String reason = "area under the gap-recovered curve per share: " + tried;
        for (int w = 0; w < best; w++) {
            double error = bootstrapError(scores[best], scores[w], gains, seed);
            if (areas[best] - areas[w] <= error) {
                return new Pick(grid[w], reason + String.format(Locale.ROOT, "; share %s was best, %s is within one "
                        + "bootstrap standard error (%.4f) of it and is kept as the simpler", grid[best], grid[w], error));
            }
        }
        return new Pick(grid[best], reason);
    }

    /**
     * Standard error of area({@code a}) − area({@code b}) over bootstrap resamples of the validation rows (paired: both
     * scored on the same resample).
     */
    static double bootstrapError(double[] a, double[] b, double[] gains, long seed) {
        var random = new java.util.Random(seed);
        int n = gains.length;
        double[] ra = new double[n], rb = new double[n], g = new double[n], diffs = new double[RESAMPLES];
        for (int r = 0; r < RESAMPLES; r++) {
            for (int k = 0; k < n; k++) {
                int pick = random.nextInt(n);
                ra[k] = a[pick];
                rb[k] = b[pick];
                g[k] = gains[pick];
            }
            diffs[r] = gapRecoveredArea(ra, g) - gapRecoveredArea(rb, g);
        }
        return spread(diffs, mean(diffs));
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
