package dev.gatehouse.router.features;

import java.util.Arrays;
import java.util.List;

/**
 * How alike a prompt is to each category's examples: half the cosine to the category's centroid plus half the mean
 * cosine of its {@value #NEIGHBOURS} most similar examples (centroid alone blurs broad categories; nearest examples
 * alone overfit phrasings). The similarity method ranks categories by this vote; the stacked method reads it as
 * one input among others, and for that needs each example's vote as if it had not been fitted on
 * ({@link #voteWithout}), or the model would learn that an example is always most like itself.
 */
final class CategorySimilarity {
    static final int NEIGHBOURS = 3;

    private final float[][] sums;
    private final float[][] centroids;
    private final List<float[][]> examples;

    /** @param examples per category, unit-length embeddings, none empty */
    CategorySimilarity(List<float[][]> examples) {
        this.examples = examples;
        int dimensions = examples.getFirst()[0].length;
        this.sums = new float[examples.size()][dimensions];
        this.centroids = new float[examples.size()][];
        for (int c = 0; c < examples.size(); c++) {
            for (float[] v : examples.get(c)) for (int d = 0; d < dimensions; d++) sums[c][d] += v[d];
            centroids[c] = unit(sums[c].clone());
        }
    }

    /** One vote per category for a unit-length embedding. */
    double[] votes(float[] embedding) {
        double[] votes = new double[centroids.length];
        for (int c = 0; c < votes.length; c++) {
            votes[c] = 0.5 * dot(centroids[c], embedding) + 0.5 * nearest(examples.get(c), -1, embedding);
        }
        return votes;
    }

    /** The votes for example {@code index} of {@code category}, with that example left out of its category. */
    double[] voteWithout(int category, int index) {
        float[] self = examples.get(category)[index];
        double[] votes = votes(self);
        float[] rest = sums[category].clone();
        for (int d = 0; d < rest.length; d++) rest[d] -= self[d];
        votes[category] = 0.5 * dot(unit(rest), self) + 0.5 * nearest(examples.get(category), index, self);
        return votes;
    }

    /** Mean cosine of the most similar vectors, skipping the one at {@code skip} (-1: none). */
    private static double nearest(float[][] vectors, int skip, float[] embedding) {
        double[] top = new double[Math.min(NEIGHBOURS, vectors.length - (skip >= 0 ? 1 : 0))];
        Arrays.fill(top, -1);
        for (int i = 0; i < vectors.length; i++) {
            if (i == skip) continue;
            double s = dot(vectors[i], embedding);
            for (int k = 0; k < top.length; k++) {
                if (s > top[k]) {
                    System.arraycopy(top, k, top, k + 1, top.length - k - 1);
                    top[k] = s;
                    break;
                }
            }
        }
        double sum = 0;
        for (double t : top) sum += t;
        return top.length == 0 ? 0 : sum / top.length;
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }

    /** Scaled to unit length in place; a zero vector stays zero (a category whose one example was left out). */
    private static float[] unit(float[] v) {
        double norm = 0;
        for (float x : v) norm += x * x;
        norm = Math.sqrt(norm);
        if (norm < 1e-9) {
            Arrays.fill(v, 0);
            return v;
        }
        for (int i = 0; i < v.length; i++) v[i] = (float) (v[i] / norm);
        return v;
    }
}
