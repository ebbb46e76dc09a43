package dev.gatehouse.router.learning;

import java.util.Arrays;

/**
 * For one query, each target's labelled neighbours in order of cosine similarity: the search half of the kNN router,
 * kept apart so tuning can score several k against one search. Brute force: a few thousand labelled prompts of an
 * operator's traffic take well under a millisecond per query at 384 dimensions.
 */
final class NeighbourVotes {
    private NeighbourVotes() {}

    /**
     * @param points   unit-length embeddings of the labelled prompts
     * @param labels   [row][target] success 0..1, NaN where that target's outcome is unknown
     * @param skip     a row to leave out (the query itself when tuning), or -1
     * @param maxK     neighbours kept per target
     * @return [target] the labels of up to maxK nearest rows labelled for that target, nearest first
     */
    static double[][] nearest(float[][] points, double[][] labels, float[] query, int skip, int maxK) {
        int n = points.length;
        int targets = n == 0 ? 0 : labels[0].length;
        double[] sim = new double[n];
        for (int i = 0; i < n; i++) sim[i] = i == skip ? Double.NEGATIVE_INFINITY : dot(points[i], query);
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) order[i] = i;
        Arrays.sort(order, (a, b) -> Double.compare(sim[b], sim[a]));
        double[][] votes = new double[targets][];
        for (int t = 0; t < targets; t++) {
            double[] kept = new double[maxK];
            int count = 0;
            for (int r = 0; r < n && count < maxK; r++) {
                int row = order[r];
                if (row == skip || Double.isNaN(labels[row][t])) continue;
                kept[count++] = labels[row][t];
            }
            votes[t] = Arrays.copyOf(kept, count);
        }
        return votes;
    }

    /** Expected success: the mean of the k nearest labels, shrunk toward the target's overall rate by a pseudo-count. */
    static double expected(double[] nearestFirst, int k, double prior, double priorWeight) {
        int used = Math.min(k, nearestFirst.length);
        double sum = 0;
        for (int i = 0; i < used; i++) sum += nearestFirst[i];
        return (sum + priorWeight * prior) / (used + priorWeight);
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
