package dev.gatehouse.router.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * How sure "learned beats length" is: a paired bootstrap of the APGR difference. Each resample draws the test set's
 * groups (subjects, benchmarks) with replacement when it has at least {@link #MIN_GROUPS} of them, else its prompts;
 * both routers are scored on the same resample. Groups, because prompts of one subject rise and fall together: a
 * prompt-level bootstrap on held-out subjects would claim far more certainty than 28 subjects can give.
 *
 * @param difference learned − length APGR on the whole test set
 * @param low        2.5th percentile of the resampled differences
 * @param high       97.5th percentile
 * @param shareAhead share of resamples where learned's APGR is higher
 * @param unit       what was resampled: "groups" or "prompts"
 * @param units      how many groups or prompts there were
 */
record ApgrComparison(double difference, double low, double high, double shareAhead, String unit, int units, int resamples) {
    static final int RESAMPLES = 1000;
    static final int MIN_GROUPS = 8;

    static ApgrComparison of(double[] learned, double[] length, double[] weak, double[] strong, String[] groups, long seed) {
        int n = learned.length;
        Map<String, List<Integer>> byGroup = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) byGroup.computeIfAbsent(groups[i], g -> new ArrayList<>()).add(i);
        boolean clustered = byGroup.size() >= MIN_GROUPS;
        List<int[]> units = new ArrayList<>();
        if (clustered) {
            byGroup.values().forEach(rows -> units.add(rows.stream().mapToInt(Integer::intValue).toArray()));
        } else {
            for (int i = 0; i < n; i++) units.add(new int[] {i});
        }
        var random = new Random(seed);
        double[] diffs = new double[RESAMPLES];
        int kept = 0, ahead = 0;
        for (int r = 0; r < RESAMPLES; r++) {
            List<Integer> rows = new ArrayList<>(n);
            for (int u = 0; u < units.size(); u++) {
                for (int i : units.get(random.nextInt(units.size()))) rows.add(i);
            }
            double d = apgr(learned, rows, weak, strong) - apgr(length, rows, weak, strong);
            if (Double.isNaN(d)) continue; // no quality gap in this resample: APGR is undefined there
            diffs[kept++] = d;
            if (d > 0) ahead++;
        }
        double whole = apgr(learned, all(n), weak, strong) - apgr(length, all(n), weak, strong);
        String unit = clustered ? "groups" : "prompts";
        if (kept == 0) return new ApgrComparison(whole, Double.NaN, Double.NaN, Double.NaN, unit, units.size(), 0);
        double[] sorted = Arrays.copyOf(diffs, kept);
        Arrays.sort(sorted);
        return new ApgrComparison(whole, sorted[(int) Math.floor(0.025 * (kept - 1))], sorted[(int) Math.ceil(0.975 * (kept - 1))],
                (double) ahead / kept, unit, units.size(), kept);
    }

    private static List<Integer> all(int n) {
        var rows = new ArrayList<Integer>(n);
        for (int i = 0; i < n; i++) rows.add(i);
        return rows;
    }

    /** APGR of routing {@code rows} by {@code scores}; NaN when the strong model is not better on them. */
    private static double apgr(double[] scores, List<Integer> rows, double[] weak, double[] strong) {
        int m = rows.size();
        double[] s = new double[m], w = new double[m], st = new double[m], zero = new double[m];
        for (int k = 0; k < m; k++) {
            int i = rows.get(k);
            s[k] = scores[i];
            w[k] = weak[i];
            st[k] = strong[i];
        }
        var curve = CostQualityCurve.ranked(s, w, st, zero, zero);
        return curve.strongQuality() > curve.weakQuality() ? curve.apgr() : Double.NaN;
    }

    /** One line for the text report. */
    String describe() {
        return String.format(Locale.ROOT, "learned − length APGR %+.3f, 95%% interval %+.3f … %+.3f (paired bootstrap, %d "
                + "resamples of the %d test %s); learned ahead in %.1f%% of resamples", difference, low, high, resamples, units,
                unit, 100 * shareAhead);
    }
}
