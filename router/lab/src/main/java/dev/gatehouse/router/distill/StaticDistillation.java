package dev.gatehouse.router.distill;

import dev.gatehouse.router.features.StaticTable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The recipe of a static table, start to end, on vectors computed beforehand: initial rows are each piece's teacher
 * vector alone, SIF-weighted by its frequency in the corpus (Model2Vec's starting point), then {@link TokenlearnFit}
 * on nine tenths of the texts; the tenth left out (by a hash of the text) measures how close each stage comes to the
 * teacher (mean cosine), and picks λ when several are given.
 */
final class StaticDistillation {
    static final String DEFAULT_NAME = "all-minilm-l6-v2-128-static";
    private static final double MAP_RIDGE = 1e-4;
    private static final int HELD_OUT_ONE_IN = 10;

    record Settings(String name, List<Double> ridges, int iterations, double sif) {}

    /** @param heldOutCosine mean cosine to the teacher on the texts not fitted on, per stage */
    record Result(StaticTable table, Map<String, Double> heldOutCosine) {}

    private StaticDistillation() {}

    /**
     * @param ids          each text's piece ids as the teacher reads them
     * @param targets      each text's teacher vector (unit length)
     * @param pieceVectors each piece's teacher vector embedded alone, null for pieces with none (special pieces)
     */
    static Result run(List<String> texts, List<long[]> ids, float[][] targets, float[][] pieceVectors, Settings settings,
            Consumer<String> progress) {
        int rows = pieceVectors.length;
        int dims = targets[0].length;
        List<TokenlearnFit.Text> fitTexts = new ArrayList<>(), heldTexts = new ArrayList<>();
        List<float[]> fitTargets = new ArrayList<>(), heldTargets = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            boolean held = Math.floorMod(texts.get(i).hashCode() * 0x9E3779B9, HELD_OUT_ONE_IN) == 0;
            (held ? heldTexts : fitTexts).add(shares(ids.get(i)));
            (held ? heldTargets : fitTargets).add(targets[i]);
        }
        var fit = fitTexts.toArray(TokenlearnFit.Text[]::new);
        var fitY = fitTargets.toArray(float[][]::new);
        var held = heldTexts.toArray(TokenlearnFit.Text[]::new);
        var heldY = heldTargets.toArray(float[][]::new);
        progress.accept("fitting on " + fit.length + " texts, measuring on " + held.length + " held out");

        float[] initial = initialRows(pieceVectors, dims, fit, settings.sif());
        Map<String, Double> cosine = new LinkedHashMap<>();
        cosine.put("piece vectors alone, SIF " + settings.sif(), meanCosine(initial, dims, held, heldY));
        float[] mapped = TokenlearnFit.fit(initial, dims, fit, fitY, new TokenlearnFit.Settings(0, 0, MAP_RIDGE), progress);
        cosine.put("affine map", meanCosine(mapped, dims, held, heldY));
        float[] best = mapped;
        double bestCosine = cosine.get("affine map");
        if (settings.iterations() > 0) {
            for (double ridge : settings.ridges()) {
                float[] table = TokenlearnFit.fit(initial, dims, fit, fitY,
                        new TokenlearnFit.Settings(ridge, settings.iterations(), MAP_RIDGE), progress);
                double c = meanCosine(table, dims, held, heldY);
                cosine.put(String.format(Locale.ROOT, "affine map + per-piece corrections, λ %.0e, %d steps", ridge,
                        settings.iterations()), c);
                if (c > bestCosine) {
                    best = table;
                    bestCosine = c;
                }
            }
        }
        cosine.forEach((stage, c) -> progress.accept(String.format(Locale.ROOT, "held-out mean cosine to MiniLM: %.4f  %s", c, stage)));
        return new Result(new StaticTable(settings.name(), rows, dims, best), cosine);
    }

    /** Distinct ids with their share of the text's pieces. */
    static TokenlearnFit.Text shares(long[] ids) {
        Map<Integer, Integer> counts = new LinkedHashMap<>();
        for (long id : ids) counts.merge((int) id, 1, Integer::sum);
        int[] distinct = new int[counts.size()];
        float[] shares = new float[counts.size()];
        int k = 0;
        for (var e : counts.entrySet()) {
            distinct[k] = e.getKey();
            shares[k++] = (float) e.getValue() / ids.length;
        }
        return new TokenlearnFit.Text(distinct, shares);
    }

    /** Each piece's vector times a / (a + its share of all pieces in the texts); special pieces start at zero. */
    static float[] initialRows(float[][] pieceVectors, int dims, TokenlearnFit.Text[] texts, double sif) {
        double[] frequency = new double[pieceVectors.length];
        double total = 0;
        for (TokenlearnFit.Text text : texts) {
            for (int k = 0; k < text.ids().length; k++) frequency[text.ids()[k]] += text.shares()[k];
            total += 1;
        }
        float[] rows = new float[pieceVectors.length * dims];
        for (int id = 0; id < pieceVectors.length; id++) {
            if (pieceVectors[id] == null) continue;
            double p = total == 0 ? 0 : frequency[id] / total;
            double weight = sif == 0 ? 1 : sif / (sif + p);
            for (int d = 0; d < dims; d++) rows[id * dims + d] = (float) (weight * pieceVectors[id][d]);
        }
        return rows;
    }

    static double meanCosine(float[] table, int dims, TokenlearnFit.Text[] texts, float[][] targets) {
        if (texts.length == 0) return Double.NaN;
        double total = 0;
        float[] mean = new float[dims];
        for (int i = 0; i < texts.length; i++) {
            TokenlearnFit.mean(table, dims, texts[i], mean);
            double dot = 0, norm = 0;
            for (int d = 0; d < dims; d++) {
                dot += mean[d] * targets[i][d];
                norm += (double) mean[d] * mean[d];
            }
            total += norm == 0 ? 0 : dot / Math.sqrt(norm);
        }
        return total / texts.length;
    }
}
