package dev.gatehouse.router.learning;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Trains a kNN router on judged decisions and reports it on held-out ones first: fit on the older rows, score the
 * newest {@link #HELD_OUT_SHARE}, then fit again on every row for the candidate that goes to the canary. A served
 * target's outcome weighs the inverse of the probability the decision sent it there (the log's exploration
 * propensity), so the forecasts are not biased toward where the policy already sends traffic; on held-out decisions
 * that exploration drew, the report adds an off-policy estimate of how the candidate would have routed them.
 */
public final class FeedbackTraining {
    /** The newest share of labelled traffic kept out of training for the report. */
    public static final double HELD_OUT_SHARE = 0.2;

    private FeedbackTraining() {}

    /** @param candidate trained on every row; {@code report} speaks for it through a fit on the older rows */
    public record Result(KnnRouter candidate, HeldOutReport report) {}

    /**
     * @param embeddings row for row with {@code rows}
     * @param current    the live kNN artifact to compare against, or null
     * @param bar        the operator's success bar, or NaN for the relative default
     */
    public static Result train(List<LabelledDecision> rows, float[][] embeddings, List<String> targets, KnnRouter current,
            double bar, String embedder, long seed) {
        return train(rows, embeddings, targets, current, bar, embedder, seed, Map.of());
    }

    /**
     * Each served outcome weighs the inverse of its propensity ({@link LabelledDecision#weight}); with per-target
     * costs the report adds an off-policy estimate of the candidate on the held-out decisions.
     *
     * @param costs mean cost per call by target id (the decision log's estimates), or empty
     */
    public static Result train(List<LabelledDecision> rows, float[][] embeddings, List<String> targets, KnnRouter current,
            double bar, String embedder, long seed, Map<String, Double> costs) {
        return train(rows, embeddings, targets, current, bar, embedder, seed, costs, KnnRouter.Rule.CHEAPEST_EXPECTED);
    }

    /**
     * @param rule the candidate's rule. Under {@link KnnRouter.Rule#CONSERVATIVE} a preferred target's label is left
     *             out: it is given only where the served target failed, so it says how often that target succeeds
     *             where another failed, not how often it succeeds, and evidence for leaving the reference target
     *             must come from outcomes observed with a known probability (served ones, or an operator's file
     *             that judges every target).
     */
    public static Result train(List<LabelledDecision> rows, float[][] embeddings, List<String> targets, KnnRouter current,
            double bar, String embedder, long seed, Map<String, Double> costs, KnnRouter.Rule rule) {
        if (rows.size() < 2) throw new IllegalArgumentException("need at least 2 judged decisions with prompt text, have " + rows.size());
        double[][] labels = labels(rows, targets, rule == KnnRouter.Rule.CONSERVATIVE);
        double[][] weights = weights(rows, targets);
        int heldOut = Math.max(1, (int) Math.round(rows.size() * HELD_OUT_SHARE));
        int cut = rows.size() - heldOut;
        KnnRouter older = KnnRouter.fit(targets, Arrays.copyOf(embeddings, cut), Arrays.copyOf(labels, cut),
                Arrays.copyOf(weights, cut), bar, embedder, seed).withRule(rule);
        double candidate = 0, fixed = 0, live = 0, hits = 0, judged = 0;
        int outcomes = 0;
        for (int i = cut; i < rows.size(); i++) {
            double[] predicted = older.expected(embeddings[i]);
            double[] livePredicted = current == null ? null : current.expected(embeddings[i]);
            for (int t = 0; t < targets.size(); t++) {
                double truth = labels[i][t];
                if (Double.isNaN(truth)) continue;
                double w = weights[i][t]; // held-out outcomes are weighed as training's are
                outcomes++;
                judged += w;
                candidate += w * square(predicted[t] - truth);
                double rate = Double.isNaN(older.priors()[t]) ? 0.5 : older.priors()[t];
                fixed += w * square(rate - truth);
                if (livePredicted != null) {
                    int liveIndex = current.targets().indexOf(targets.get(t));
                    double p = liveIndex < 0 ? 0.5 : livePredicted[liveIndex];
                    live += w * square(p - truth);
                }
                if ((predicted[t] >= 0.5) == (truth >= 0.5)) hits += w;
            }
        }
        OffPolicyEstimate offPolicy = costs.isEmpty() ? null : OffPolicyEstimate.of(rows.subList(cut, rows.size()),
                Arrays.copyOfRange(embeddings, cut, rows.size()), older,
                OffPolicyEstimate.cheapestAdequate(older, costArray(targets, costs)), costs);
        var report = new HeldOutReport(cut, heldOut, outcomes, candidate / judged, fixed / judged,
                current == null ? Double.NaN : live / judged, hits / judged, older.k(), offPolicy);
        return new Result(KnnRouter.fit(targets, embeddings, labels, weights, bar, embedder, seed).withRule(rule), report);
    }

    /** Per target, its mean cost, or +infinity when unknown (never the cheap choice by accident). */
    static double[] costArray(List<String> targets, Map<String, Double> costs) {
        double[] out = new double[targets.size()];
        for (int t = 0; t < out.length; t++) out[t] = costs.getOrDefault(targets.get(t), Double.POSITIVE_INFINITY);
        return out;
    }

    static double[][] weights(List<LabelledDecision> rows, List<String> targets) {
        double[][] weights = new double[rows.size()][targets.size()];
        for (int i = 0; i < rows.size(); i++) {
            for (int t = 0; t < targets.size(); t++) weights[i][t] = rows.get(i).weight(targets.get(t));
        }
        return weights;
    }

    /** @param servedOnly leave out labels of targets other than the served one, where the row says which served */
    static double[][] labels(List<LabelledDecision> rows, List<String> targets, boolean servedOnly) {
        double[][] labels = new double[rows.size()][targets.size()];
        for (int i = 0; i < rows.size(); i++) {
            var served = rows.get(i).served();
            for (int t = 0; t < targets.size(); t++) {
                Double y = rows.get(i).outcomes().get(targets.get(t));
                boolean preferred = served != null && !served.target().equals(targets.get(t));
                labels[i][t] = y == null || (servedOnly && preferred) ? Double.NaN : y;
            }
        }
        return labels;
    }

    private static double square(double x) {
        return x * x;
    }
}
