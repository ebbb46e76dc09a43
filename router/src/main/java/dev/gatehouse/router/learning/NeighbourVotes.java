package dev.gatehouse.router.learning;

import java.util.Arrays;

/**
 * For one query, each target's labelled neighbours in order of cosine similarity: the search half of the kNN router,
 * kept apart so tuning can score several k against one search. Brute force: a few thousand labelled prompts of an
 * operator's traffic take well under a millisecond per query at 384 dimensions.
 */
final class NeighbourVotes {
    private NeighbourVotes() {}

    /** One target's nearest labels, nearest first, and how much each counts (its inverse propensity). */
    record Votes(double[] labels, double[] weights) {}

    /**
     * @param points   unit-length embeddings of the labelled prompts
     * @param labels   [row][target] success 0..1, NaN where that target's outcome is unknown
     * @param weights  [row][target] how much each label counts
     * @param skip     a row to leave out (the query itself when tuning), or -1
     * @param maxK     neighbours kept per target
     * @return [target] the labels of up to maxK nearest rows labelled for that target, nearest first
     */
    static Votes[] nearest(float[][] points, double[][] labels, double[][] weights, float[] query, int skip, int maxK) {
        int n = points.length;
        int targets = n == 0 ? 0 : labels[0].length;
        double[] sim = new double[n];
        for (int i = 0; i < n; i++) sim[i] = i == skip ? Double.NEGATIVE_INFINITY : dot(points[i], query);
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) order[i] = i;
        Arrays.sort(order, (a, b) -> Double.compare(sim[b], sim[a]));
        Votes[] votes = new Votes[targets];
        for (int t = 0; t < targets; t++) {
            double[] kept = new double[maxK];
            double[] weight = new double[maxK];
            int count = 0;
            for (int r = 0; r < n && count < maxK; r++) {
                int row = order[r];
                if (row == skip || Double.isNaN(labels[row][t])) continue;
                weight[count] = weights[row][t];
                kept[count++] = labels[row][t];
            }
            votes[t] = new Votes(Arrays.copyOf(kept, count), Arrays.copyOf(weight, count));
        }
        return votes;
    }

    /**
     * Expected success: the weighted mean of the k nearest labels, shrunk toward the target's overall rate by a
     * pseudo-count. Weights are inverse propensities, so a neighbour observed only because exploration drew it
     * stands for the similar prompts the policy kept away from that target.
     */
    static double expected(Votes nearestFirst, int k, double prior, double priorWeight) {
        int used = Math.min(k, nearestFirst.labels().length);
        double sum = 0, weight = 0;
        for (int i = 0; i < used; i++) {
            sum += nearestFirst.weights()[i] * nearestFirst.labels()[i];
            weight += nearestFirst.weights()[i];
        }
        return (sum + priorWeight * prior) / (weight + priorWeight);
    }

    static float[] unit(float[] v) {
        double norm = 0;
        for (float x : v) norm += x * x;
        norm = Math.sqrt(norm);
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) out[i] = norm == 0 ? 0 : (float) (v[i] / norm);
        return out;
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }
}
