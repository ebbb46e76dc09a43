package dev.gatehouse.router.features;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.Test;

/** The category layer's fit: parallel where cores are, yet the same weights on any machine. */
class CategoryLogisticTest {

    /** Three categories, each a cloud around its own corner of a 40-dimensional space, plus two cue bits. */
    private static float[][] examples(int n, int[] labels) {
        Random random = new Random(7);
        float[][] rows = new float[n][42];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 3;
            for (int j = 0; j < 40; j++) rows[i][j] = (float) (random.nextGaussian() * 0.3 + (j % 3 == labels[i] ? 1 : 0));
            rows[i][40 + (labels[i] == 2 ? 1 : 0)] = 1;
        }
        return rows;
    }

    private static CategoryLogistic fitOn(ForkJoinPool pool, int n) throws Exception {
        int[] labels = new int[n];
        float[][] rows = examples(n, labels);
        return pool.submit(() -> CategoryLogistic.fit(rows, new int[] {0, 40}, labels, 3)).get();
    }

    @Test
    void oneThreadAndManyFitExactlyTheSameWeights() throws Exception {
        double[] query = new double[42];
        for (int j = 0; j < 40; j += 3) query[j] = 0.8;
        query[40] = 1; // the cue bit categories 0 and 1 carry
        try (ForkJoinPool one = new ForkJoinPool(1); ForkJoinPool four = new ForkJoinPool(4)) {
            double[] alone = fitOn(one, 2_000).probabilities(query);
            double[] together = fitOn(four, 2_000).probabilities(query);
            assertThat(together).containsExactly(alone);
            assertThat(alone[0]).as("the query sits in category 0's corner").isGreaterThan(0.9);
        }
    }
}
