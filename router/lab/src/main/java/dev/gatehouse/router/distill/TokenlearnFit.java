package dev.gatehouse.router.distill;

import java.util.function.Consumer;

/**
 * Fits a table of piece vectors so that the mean of a text's piece vectors regresses onto the teacher's embedding
 * of that text (tokenlearn's idea, solved by least squares instead of SGD). Two stages, each a convex problem:
 * <ol>
 *   <li>one affine map of every row of the initial table (per-piece teacher vectors, Model2Vec-style): a piece vector
 *   embedded alone lives in a different part of the space than the mean of a sentence's context-mixed vectors, and
 *   the map moves every row, also those of pieces the corpus never shows;</li>
 *   <li>per-row corrections, ridge-penalised towards the mapped rows, by conjugate gradients on the normal equations
 *   {@code (CᵀC + λI) Δ = Cᵀ(Y − C·R)}, where {@code C} holds each text's piece shares. Rows no text uses stay as
 *   mapped; a piece seen in one text moves only as far as λ allows.</li>
 * </ol>
 * Everything is a pure function of its inputs (no clock, no I/O), reported through {@code progress}.
 */
final class TokenlearnFit {

    /** One text as its distinct piece ids and each one's share of the text (count / pieces), summing to 1. */
    record Text(int[] ids, float[] shares) {}

    /** @param ridge λ; @param iterations conjugate-gradient steps of stage 2 (0 skips it) */
    record Settings(double ridge, int iterations, double mapRidge) {}

    private TokenlearnFit() {}

    /**
     * @param initial rows × dims, row-major; not modified
     * @param texts   the corpus, as piece shares
     * @param targets the teacher's unit vector of each text, dims long
     * @return the fitted table, rows × dims, row-major
     */
    static float[] fit(float[] initial, int dims, Text[] texts, float[][] targets, Settings settings, Consumer<String> progress) {
        float[] mapped = affineMap(initial, dims, texts, targets, settings.mapRidge());
        progress.accept(String.format(java.util.Locale.ROOT, "stage 1 (affine map): training residual %.4f", residual(mapped, dims, texts, targets)));
        if (settings.iterations() == 0) return mapped;
        return corrected(mapped, dims, texts, targets, settings, progress);
    }

    /** Mean squared distance between each text's mean piece vector and its target. */
    static double residual(float[] table, int dims, Text[] texts, float[][] targets) {
        double total = 0;
        float[] mean = new float[dims];
        for (int i = 0; i < texts.length; i++) {
            mean(table, dims, texts[i], mean);
            for (int d = 0; d < dims; d++) {
                double e = mean[d] - targets[i][d];
                total += e * e;
            }
        }
        return total / Math.max(1, texts.length);
    }

    static void mean(float[] table, int dims, Text text, float[] out) {
        java.util.Arrays.fill(out, 0);
        for (int k = 0; k < text.ids().length; k++) {
            int offset = text.ids()[k] * dims;
            float share = text.shares()[k];
            for (int d = 0; d < dims; d++) out[d] += share * table[offset + d];
        }
    }

    /**
     * Rows ↦ row·W + b, with W and b the ridge least-squares solution of mean(rows)·W + b ≈ target (the shares sum
     * to one, so the mean of mapped rows is the mapped mean and b passes through unchanged).
     */
    private static float[] affineMap(float[] initial, int dims, Text[] texts, float[][] targets, double ridge) {
        int p = dims + 1;
        double[][] gram = new double[p][p];
        double[][] cross = new double[p][dims];
        float[] mean = new float[dims];
        double[] x = new double[p];
        for (int i = 0; i < texts.length; i++) {
            mean(initial, dims, texts[i], mean);
            for (int d = 0; d < dims; d++) x[d] = mean[d];
            x[dims] = 1;
            for (int a = 0; a < p; a++) {
                double xa = x[a];
                if (xa == 0) continue;
                for (int b = a; b < p; b++) gram[a][b] += xa * x[b];
                for (int d = 0; d < dims; d++) cross[a][d] += xa * targets[i][d];
            }
        }
        for (int a = 0; a < p; a++) {
            for (int b = 0; b < a; b++) gram[a][b] = gram[b][a];
            if (a < dims) gram[a][a] += ridge * texts.length;
        }
        double[][] w = Cholesky.solve(gram, cross);
        int rows = initial.length / dims;
        float[] out = new float[initial.length];
        for (int r = 0; r < rows; r++) {
            int offset = r * dims;
            for (int d = 0; d < dims; d++) {
                double s = w[dims][d];
                for (int a = 0; a < dims; a++) s += initial[offset + a] * w[a][d];
                out[offset + d] = (float) s;
            }
        }
        return out;
    }

    /** Stage 2: conjugate gradients on (CᵀC + λI)Δ = Cᵀ(Y − C·R) from Δ = 0, all dimensions as one system. */
    private static float[] corrected(float[] mapped, int dims, Text[] texts, float[][] targets, Settings settings,
            Consumer<String> progress) {
        int size = mapped.length;
        double lambda = settings.ridge();
        float[][] errors = new float[texts.length][dims];
        float[] mean = new float[dims];
        for (int i = 0; i < texts.length; i++) {
            mean(mapped, dims, texts[i], mean);
            for (int d = 0; d < dims; d++) errors[i][d] = targets[i][d] - mean[d];
        }
        double[] r = transposeTimes(texts, errors, dims, size);
        double[] p = r.clone();
        double[] delta = new double[size];
        double rr = dot(r, r);
        float[] probe = new float[size];
        float[][] cp = new float[texts.length][dims];
        for (int it = 0; it < settings.iterations() && rr > 0; it++) {
            for (int j = 0; j < size; j++) probe[j] = (float) p[j];
            for (int i = 0; i < texts.length; i++) mean(probe, dims, texts[i], cp[i]);
            double[] ap = transposeTimes(texts, cp, dims, size);
            for (int j = 0; j < size; j++) ap[j] += lambda * p[j];
            double alpha = rr / dot(p, ap);
            for (int j = 0; j < size; j++) {
                delta[j] += alpha * p[j];
                r[j] -= alpha * ap[j];
            }
            double next = dot(r, r);
            double beta = next / rr;
            rr = next;
            for (int j = 0; j < size; j++) p[j] = r[j] + beta * p[j];
            if ((it + 1) % 10 == 0 || it + 1 == settings.iterations()) {
                progress.accept(String.format(java.util.Locale.ROOT, "stage 2 (ridge %.1e): step %d, gradient norm %.3e",
                        lambda, it + 1, Math.sqrt(rr)));
            }
        }
        float[] out = new float[size];
        for (int j = 0; j < size; j++) out[j] = (float) (mapped[j] + delta[j]);
        return out;
    }

    /** Cᵀ·M: each text's row of {@code perText} spread back onto its pieces by their shares. */
    private static double[] transposeTimes(Text[] texts, float[][] perText, int dims, int size) {
        double[] out = new double[size];
        for (int i = 0; i < texts.length; i++) {
            float[] row = perText[i];
            Text text = texts[i];
            for (int k = 0; k < text.ids().length; k++) {
                int offset = text.ids()[k] * dims;
                float share = text.shares()[k];
                for (int d = 0; d < dims; d++) out[offset + d] += share * row[d];
            }
        }
        return out;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }
}
