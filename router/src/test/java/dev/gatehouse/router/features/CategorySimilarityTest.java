package dev.gatehouse.router.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class CategorySimilarityTest {

    private static float[] unit(float... v) {
        double norm = 0;
        for (float x : v) norm += x * x;
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) out[i] = (float) (v[i] / Math.sqrt(norm));
        return out;
    }

    private final float[] a1 = unit(1, 0, 0);
    private final float[] a2 = unit(1, 1, 0);
    private final float[] a3 = unit(1, 0, 1);
    private final float[] a4 = unit(2, 1, 1);
    private final float[] b1 = unit(0, 1, 1);
    private final float[] b2 = unit(0, 1, 2);

    @Test
    void anExamplesVoteIsWhatAClassifierFittedWithoutItWouldGive() {
        var all = new CategorySimilarity(List.of(new float[][] {a1, a2, a3, a4}, new float[][] {b1, b2}));
        var withoutA1 = new CategorySimilarity(List.of(new float[][] {a2, a3, a4}, new float[][] {b1, b2}));

        double[] left = all.voteWithout(0, 0);
        double[] expected = withoutA1.votes(a1);
        assertThat(left[0]).isCloseTo(expected[0], within(1e-6));
        assertThat(left[1]).isCloseTo(expected[1], within(1e-6));
    }

    @Test
    void anExampleLeftInVotesForItselfMoreThanWhenLeftOut() {
        var all = new CategorySimilarity(List.of(new float[][] {a1, a2, a3, a4}, new float[][] {b1, b2}));

        assertThat(all.votes(a1)[0]).isGreaterThan(all.voteWithout(0, 0)[0]);
    }

    @Test
    void theOnlyExampleOfACategoryLeftOutGivesItNoVote() {
        var all = new CategorySimilarity(List.of(new float[][] {a1, a2}, new float[][] {b1}));

        assertThat(all.voteWithout(1, 0)[1]).isZero();
    }

    @Test
    void votesThatAlwaysPickTheLabelGetASharpTemperatureAndVotesThatDoNotAFlatOne() {
        int[] labels = {0, 1, 0, 1, 0, 1};
        double[][] right = {{0.6, 0.4}, {0.4, 0.6}, {0.7, 0.3}, {0.3, 0.7}, {0.55, 0.45}, {0.45, 0.55}};
        // with the labels below, at least as many votes point away from the label as at it
        double[][] noise = {{0.6, 0.4}, {0.4, 0.6}, {0.6, 0.4}, {0.4, 0.6}, {0.45, 0.55}, {0.55, 0.45}};

        double sharp = CategorySimilarity.likeliestTemperature(right, labels);
        double flat = CategorySimilarity.likeliestTemperature(noise, new int[] {0, 0, 1, 1, 0, 1});
        assertThat(sharp).isLessThan(0.01);
        assertThat(flat).isGreaterThan(0.5);
    }

    @Test
    void theSoftmaxOfScoresSumsToOneAndKeepsTheirOrder() {
        double[] p = CategorySimilarity.softmax(new double[] {0.2, 0.5, 0.3}, 0.05);
        assertThat(p[0] + p[1] + p[2]).isCloseTo(1, within(1e-12));
        assertThat(p[1]).isGreaterThan(p[2]);
        assertThat(p[2]).isGreaterThan(p[0]);
    }
}
