package dev.gatehouse.router.learning;

import java.util.List;

/**
 * Trains a kNN router on judged decisions and reports it on held-out ones first: fit on the older rows, score the
 * newest {@link #HELD_OUT_SHARE}, then fit again on every row for the candidate that goes to the canary.
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
        if (rows.size() < 2) throw new IllegalArgumentException("need at least 2 judged decisions with prompt text, have " + rows.size());
        double[][] labels = labels(rows, targets);
        int heldOut = Math.max(1, (int) Math.round(rows.size() * HELD_OUT_SHARE));
        int cut = rows.size() - heldOut;
        KnnRouter older = KnnRouter.fit(targets, java.util.Arrays.copyOf(embeddings, cut), java.util.Arrays.copyOf(labels, cut),
                bar, embedder, seed);
        double candidate = 0, fixed = 0, live = 0, hits = 0;
        int judged = 0;
        for (int i = cut; i < rows.size(); i++) {
            double[] predicted = older.expected(embeddings[i]);
            double[] livePredicted = current == null ? null : current.expected(embeddings[i]);
            for (int t = 0; t < targets.size(); t++) {
                double truth = labels[i][t];
                if (Double.isNaN(truth)) continue;
                judged++;
                candidate += square(predicted[t] - truth);
                double rate = Double.isNaN(older.priors()[t]) ? 0.5 : older.priors()[t];
                fixed += square(rate - truth);
                if (livePredicted != null) {
                    int liveIndex = current.targets().indexOf(targets.get(t));
                    double p = liveIndex < 0 ? 0.5 : livePredicted[liveIndex];
                    live += square(p - truth);
                }
                if ((predicted[t] >= 0.5) == (truth >= 0.5)) hits++;
            }
        }
        var report = new HeldOutReport(cut, heldOut, judged, candidate / judged, fixed / judged,
                current == null ? Double.NaN : live / judged, hits / judged, older.k());
        return new Result(KnnRouter.fit(targets, embeddings, labels, bar, embedder, seed), report);
    }

    static double[][] labels(List<LabelledDecision> rows, List<String> targets) {
        double[][] labels = new double[rows.size()][targets.size()];
        for (int i = 0; i < rows.size(); i++) {
            for (int t = 0; t < targets.size(); t++) {
                Double y = rows.get(i).outcomes().get(targets.get(t));
                labels[i][t] = y == null ? Double.NaN : y;
            }
        }
        return labels;
    }

    private static double square(double x) {
        return x * x;
    }
}
