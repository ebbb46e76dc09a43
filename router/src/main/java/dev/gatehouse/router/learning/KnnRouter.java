package dev.gatehouse.router.learning;

import dev.gatehouse.router.policy.SuccessForecast;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A k-nearest-neighbour router over the routing embedding: each target's expected success on a prompt is the mean
 * outcome of that target on the k most similar labelled prompts, shrunk toward the target's overall success rate.
 * Labels may be sparse (feedback reveals only the target that served, or the one preferred), so each target has its
 * own neighbours. k and the shrinkage are chosen on the training rows themselves (leave-one-out on a sample), not fixed.
 * Each label may carry a weight, the inverse of the probability that it was observed (a served target's propensity,
 * {@link LabelledDecision#weight}): without it a target that serves only the prompts the policy thinks easy for it
 * looks better than it is. Weights are scaled per target to a mean of 1, so the prior's pseudo-count keeps its meaning.
 *
 * @param targets     target ids, column order of {@code labels}
 * @param points      unit-length embeddings of the labelled prompts
 * @param labels      [row][target] success 0..1, NaN where unknown
 * @param weights     [row][target] how much each label counts (scaled to a mean of 1 per target)
 * @param k           neighbours per target
 * @param priorWeight pseudo-count of the target's overall rate
 * @param priors      [target] overall success rate in the training rows
 * @param bar         the expected success that counts as "expected to succeed"
 * @param embedder    the embedder the points come from (a router must be queried with the same one)
 * @param rule        how the forecast offers targets: each target's expected success against one bar, or the
 *                    conservative rule ({@link SafeDeviation})
 */
public record KnnRouter(List<String> targets, float[][] points, double[][] labels, double[][] weights, int k,
        double priorWeight, double[] priors, double bar, String embedder, Rule rule) {

    /** How a forecast decides which targets are expected to succeed on a prompt. */
    public enum Rule {
        /** Every target whose expected success reaches the router's bar: the cheapest of them serves. */
        CHEAPEST_EXPECTED,
        /**
         * The reference target (best-assured overall success rate) unless a target's lower confidence bound on the prompt's
         * neighbourhood reaches 95% of the reference target's expected success there ({@link SafeDeviation}).
         */
        CONSERVATIVE
    }

    static final int[] K_CHOICES = {3, 5, 10, 20, 40, 80};
    static final double[] PRIOR_WEIGHTS = {0.5, 2, 8};
    /** Queries used to choose k: enough to separate the choices, few enough that training stays interactive. */
    static final int TUNING_QUERIES = 600;
    /**
     * Without an operator's bar, a target is expected to succeed when its expected success is at least this share of
     * the best target's overall rate: a relative rule that carries over to data of any difficulty.
     */
    public static final double DEFAULT_BAR_SHARE = 0.95;

    public KnnRouter {
        targets = List.copyOf(targets);
        if (points.length != labels.length) throw new IllegalArgumentException(points.length + " points, " + labels.length + " label rows");
        if (weights.length != labels.length) throw new IllegalArgumentException(weights.length + " weight rows, " + labels.length + " label rows");
        if (priors.length != targets.size()) throw new IllegalArgumentException("one prior per target expected");
        if (k < 1) throw new IllegalArgumentException("k must be >= 1, was " + k);
        java.util.Objects.requireNonNull(rule, "rule");
    }

    /** How well a router predicted held-out outcomes. */
    public record Fit(int k, double priorWeight, double tuningBrier, int tuningQueries) {}

    /** Fits to labelled rows (embeddings need not be unit length); {@code bar} NaN picks the relative default. */
    public static KnnRouter fit(List<String> targets, float[][] embeddings, double[][] labels, double bar, String embedder,
            long seed) {
        return fit(targets, embeddings, labels, ones(labels), bar, embedder, seed);
    }

    /**
     * Fits to labelled rows whose labels carry weights ({@link LabelledDecision#weight}): each target's rate and
     * neighbour means are weighted means, so inverse-propensity weights correct for where the policy sent traffic.
     */
    public static KnnRouter fit(List<String> targets, float[][] embeddings, double[][] labels, double[][] weights,
            double bar, String embedder, long seed) {
        if (embeddings.length == 0) throw new IllegalArgumentException("no labelled prompts to learn from");
        float[][] points = new float[embeddings.length][];
        for (int i = 0; i < points.length; i++) points[i] = NeighbourVotes.unit(embeddings[i]);
        double[][] scaled = scaled(targets.size(), labels, weights);
        double[] priors = priors(targets.size(), labels, scaled);
        double best = 0;
        for (double p : priors) best = Math.max(best, Double.isNaN(p) ? 0 : p);
        double chosenBar = Double.isNaN(bar) ? DEFAULT_BAR_SHARE * best : bar;
        Fit fit = tune(points, labels, scaled, priors, seed);
        return new KnnRouter(targets, points, labels, scaled, fit.k(), fit.priorWeight(), priors, chosenBar, embedder,
                Rule.CHEAPEST_EXPECTED);
    }

    /** Each target's expected success on a prompt with this embedding. */
    public double[] expected(float[] embedding) {
        return expected(neighbours(embedding));
    }

    private NeighbourVotes.Votes[] neighbours(float[] embedding) {
        return NeighbourVotes.nearest(points, labels, weights, NeighbourVotes.unit(embedding), -1, k);
    }

    private double[] expected(NeighbourVotes.Votes[] votes) {
        double[] out = new double[targets.size()];
        for (int t = 0; t < out.length; t++) out[t] = NeighbourVotes.expected(votes[t], k, prior(t), priorWeight);
        return out;
    }

    /**
     * What the decision compares with the bar on one prompt, and the bar: under {@link Rule#CHEAPEST_EXPECTED} each
     * target's expected success and the router's bar; under {@link Rule#CONSERVATIVE} the reference target's expected
     * success, every other target's lower confidence bound, and a bar of 95% of the reference's expected success.
     * The cheapest target at or above the bar serves ({@code policy.CheapestAdequate}).
     */
    public record Adequacy(double[] values, double bar) {}

    public Adequacy adequacy(float[] embedding) {
        var votes = neighbours(embedding);
        double[] expected = expected(votes);
        if (rule == Rule.CHEAPEST_EXPECTED) return new Adequacy(expected, bar);
        // the reference is recomputed per query (one pass over the labels) rather than stored: it is cheaper than the
        // neighbour search above, and an artifact cannot carry a reference that disagrees with its own labels
        var safe = SafeDeviation.of(votes, expected, SafeDeviation.reference(labels, weights, targets.size()), k,
                DEFAULT_BAR_SHARE);
        return new Adequacy(safe.values(), safe.bar());
    }

    /** The forecast the decision consults ({@code policy.Decider}). */
    public SuccessForecast forecast(float[] embedding, String source) {
        Adequacy a = adequacy(embedding);
        Map<String, Double> byTarget = new HashMap<>();
        for (int t = 0; t < a.values().length; t++) byTarget.put(targets.get(t), a.values()[t]);
        return new SuccessForecast(byTarget, a.bar(), rule == Rule.CONSERVATIVE ? source + " (conservative)" : source);
    }

    public KnnRouter withBar(double newBar) {
        return new KnnRouter(targets, points, labels, weights, k, priorWeight, priors, newBar, embedder, rule);
    }

    /**
     * The conservative rule's reference target ({@link SafeDeviation#reference}): the one whose overall success rate
     * has the highest lower confidence bound, or null with nothing labelled.
     */
    public String referenceTarget() {
        int r = SafeDeviation.reference(labels, weights, targets.size());
        return r < 0 ? null : targets.get(r);
    }

    public KnnRouter withRule(Rule newRule) {
        return new KnnRouter(targets, points, labels, weights, k, priorWeight, priors, bar, embedder, newRule);
    }

    private double prior(int t) {
        return Double.isNaN(priors[t]) ? 0.5 : priors[t];
    }

    /** Each target's weighted success rate over the rows labelled for it. */
    private static double[] priors(int targets, double[][] labels, double[][] weights) {
        double[] sum = new double[targets];
        double[] weight = new double[targets];
        for (int i = 0; i < labels.length; i++) {
            for (int t = 0; t < targets; t++) {
                if (!Double.isNaN(labels[i][t])) {
                    sum[t] += weights[i][t] * labels[i][t];
                    weight[t] += weights[i][t];
                }
            }
        }
        double[] out = new double[targets];
        for (int t = 0; t < targets; t++) out[t] = weight[t] == 0 ? Double.NaN : sum[t] / weight[t];
        return out;
    }

    /** Weights scaled so each target's labelled rows weigh 1 on average. */
    private static double[][] scaled(int targets, double[][] labels, double[][] weights) {
        if (weights.length != labels.length) throw new IllegalArgumentException(weights.length + " weight rows, " + labels.length + " label rows");
        double[] total = new double[targets];
        int[] count = new int[targets];
        for (int i = 0; i < labels.length; i++) {
            for (int t = 0; t < targets; t++) {
                if (Double.isNaN(labels[i][t])) continue;
                if (!(weights[i][t] > 0) || Double.isInfinite(weights[i][t])) {
                    throw new IllegalArgumentException("weight of row " + i + ", target " + t + " must be positive, was " + weights[i][t]);
                }
                total[t] += weights[i][t];
                count[t]++;
            }
        }
        double[][] out = new double[labels.length][targets];
        for (int i = 0; i < labels.length; i++) {
            for (int t = 0; t < targets; t++) {
                out[i][t] = Double.isNaN(labels[i][t]) ? 0 : weights[i][t] * count[t] / total[t];
            }
        }
        return out;
    }

    static double[][] ones(double[][] labels) {
        double[][] out = new double[labels.length][];
        for (int i = 0; i < labels.length; i++) {
            out[i] = new double[labels[i].length];
            java.util.Arrays.fill(out[i], 1);
        }
        return out;
    }

    /** Leave-one-out Brier score of every (k, prior weight) on a seeded sample of the rows; the lowest wins. */
    static Fit tune(float[][] points, double[][] labels, double[][] weights, double[] priors, long seed) {
        int n = points.length;
        List<Integer> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) rows.add(i);
        java.util.Collections.shuffle(rows, new Random(seed));
        List<Integer> queries = rows.subList(0, Math.min(TUNING_QUERIES, n));
        int maxK = K_CHOICES[K_CHOICES.length - 1];
        double[][] error = new double[K_CHOICES.length][PRIOR_WEIGHTS.length];
        double scored = 0;
        for (int q : queries) {
            var votes = NeighbourVotes.nearest(points, labels, weights, points[q], q, maxK);
            for (int t = 0; t < priors.length; t++) {
                double truth = labels[q][t];
                if (Double.isNaN(truth)) continue;
                scored += weights[q][t];
                double prior = Double.isNaN(priors[t]) ? 0.5 : priors[t];
                for (int a = 0; a < K_CHOICES.length; a++) {
                    for (int b = 0; b < PRIOR_WEIGHTS.length; b++) {
                        double p = NeighbourVotes.expected(votes[t], K_CHOICES[a], prior, PRIOR_WEIGHTS[b]);
                        error[a][b] += weights[q][t] * (p - truth) * (p - truth);
                    }
                }
            }
        }
        int bestA = 0, bestB = 0;
        for (int a = 0; a < K_CHOICES.length; a++) {
            for (int b = 0; b < PRIOR_WEIGHTS.length; b++) {
                if (error[a][b] < error[bestA][bestB]) {
                    bestA = a;
                    bestB = b;
                }
            }
        }
        return new Fit(K_CHOICES[bestA], PRIOR_WEIGHTS[bestB], scored == 0 ? Double.NaN : error[bestA][bestB] / scored,
                queries.size());
    }
}
