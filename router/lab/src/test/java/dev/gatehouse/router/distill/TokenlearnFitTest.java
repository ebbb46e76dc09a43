package dev.gatehouse.router.distill;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The fit on a synthetic corpus whose targets are exactly the mean of a hidden table's rows: the affine stage
 * recovers an affinely distorted table, the per-piece stage what no affine map can.
 */
class TokenlearnFitTest {
    static final int ROWS = 60, DIMS = 6;

    @Test
    void anAffinelyDistortedInitialTableIsMappedBackToTheTargets() {
        Random random = new Random(1);
        float[] truth = gaussian(random, ROWS * DIMS);
        float[] initial = new float[truth.length];
        for (int r = 0; r < ROWS; r++) {
            for (int d = 0; d < DIMS; d++) initial[r * DIMS + d] = 3 * truth[r * DIMS + (d + 1) % DIMS] - 0.5f;
        }
        var corpus = corpus(random, truth, 400);
        var settings = new TokenlearnFit.Settings(1e-3, 0, 1e-9);
        float[] fitted = TokenlearnFit.fit(initial, DIMS, corpus.texts, corpus.targets, settings, line -> {});

        assertThat(TokenlearnFit.residual(initial, DIMS, corpus.texts, corpus.targets)).isGreaterThan(1);
        assertThat(TokenlearnFit.residual(fitted, DIMS, corpus.texts, corpus.targets)).isLessThan(1e-6);
    }

    @Test
    void perPieceCorrectionsFitWhatNoAffineMapCanAndLeaveUnusedRowsAsMapped() {
        Random random = new Random(2);
        float[] truth = gaussian(random, ROWS * DIMS);
        float[] initial = gaussian(random, ROWS * DIMS); // unrelated to the truth: only per-row changes can help
        var corpus = corpus(random, truth, 2000);
        float[] mappedOnly = TokenlearnFit.fit(initial, DIMS, corpus.texts, corpus.targets,
                new TokenlearnFit.Settings(1e-3, 0, 1e-6), line -> {});
        List<String> progress = new ArrayList<>();
        float[] corrected = TokenlearnFit.fit(initial, DIMS, corpus.texts, corpus.targets,
                new TokenlearnFit.Settings(1e-6, 60, 1e-6), progress::add);

        double affine = TokenlearnFit.residual(mappedOnly, DIMS, corpus.texts, corpus.targets);
        double perPiece = TokenlearnFit.residual(corrected, DIMS, corpus.texts, corpus.targets);
        assertThat(perPiece).as("per-piece residual vs affine-only " + affine).isLessThan(affine / 100);
        int unused = ROWS - 1; // corpus() never draws the last row
        for (int d = 0; d < DIMS; d++) {
            assertThat(corrected[unused * DIMS + d]).isEqualTo(mappedOnly[unused * DIMS + d]);
        }
        assertThat(progress).anyMatch(line -> line.startsWith("stage 2 (ridge 1.0e-06): step 60"));
    }

    record Corpus(TokenlearnFit.Text[] texts, float[][] targets) {}

    /** Texts of 3–12 pieces drawn from every row but the last; targets the mean of their rows in {@code truth}. */
    static Corpus corpus(Random random, float[] truth, int count) {
        TokenlearnFit.Text[] texts = new TokenlearnFit.Text[count];
        float[][] targets = new float[count][DIMS];
        for (int i = 0; i < count; i++) {
            long[] ids = new long[3 + random.nextInt(10)];
            for (int k = 0; k < ids.length; k++) ids[k] = random.nextInt(ROWS - 1);
            texts[i] = StaticDistillation.shares(ids);
            TokenlearnFit.mean(truth, DIMS, texts[i], targets[i]);
        }
        return new Corpus(texts, targets);
    }

    static float[] gaussian(Random random, int n) {
        float[] out = new float[n];
        for (int i = 0; i < n; i++) out[i] = (float) random.nextGaussian();
        return out;
    }
}
