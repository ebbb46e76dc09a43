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
    /** The temperature search spans cosine margins from hair-thin to the whole range. */
    private static final double MIN_TEMPERATURE = 0.005;
    private static final double MAX_TEMPERATURE = 1;
    private static final int TEMPERATURE_STEPS = 60;

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

    /**
     * The softmax temperature under which the given scores make their labels most likely (a search over a log
     * grid): fitted on leave-one-out scores it says how sharp a margin of the similarity scores really is.
     */
    static double likeliestTemperature(double[][] scores, int[] labels) {
        double best = 1;
        double bestLoss = Double.POSITIVE_INFINITY;
        for (int step = 0; step <= TEMPERATURE_STEPS; step++) {
            double t = MIN_TEMPERATURE * Math.pow(MAX_TEMPERATURE / MIN_TEMPERATURE, step / (double) TEMPERATURE_STEPS);
            double loss = 0;
            for (int i = 0; i < scores.length; i++) loss -= Math.log(softmax(scores[i].clone(), t)[labels[i]] + 1e-12);
            if (loss < bestLoss) {
                bestLoss = loss;
                best = t;
            }
        }
        return best;
    }

    /** exp(score / temperature), normalised to sum 1 (in place). */
    static double[] softmax(double[] scores, double temperature) {
        double max = Double.NEGATIVE_INFINITY;
        for (double s : scores) max = Math.max(max, s);
        double sum = 0;
        for (int c = 0; c < scores.length; c++) {
            scores[c] = Math.exp((scores[c] - max) / temperature);
            sum += scores[c];
        }
        for (int c = 0; c < scores.length; c++) scores[c] /= sum;
        return scores;
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
