package dev.gatehouse.router.eval;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Per-category precision, recall and F1 and the most frequent confusions of one set of predictions. Precision of a
 * category counts every prompt predicted as it, so a classifier that dumps doubtful prompts into one category pays
 * for it there, even when that category is not in the data.
 */
public final class CategoryScores {

    /** @param support prompts labelled with the category; predicted: prompts predicted as it */
    public record PerCategory(String category, int support, int predicted, int right, double precision,
            double recall, double f1) {}

    public record Confusion(String expected, String predicted, int count) {}

    private final Map<String, Map<String, Integer>> matrix = new TreeMap<>();
    private int total;
    private int right;

    public void add(String expected, String predicted) {
        matrix.computeIfAbsent(expected, k -> new TreeMap<>()).merge(predicted, 1, Integer::sum);
        total++;
        if (expected.equals(predicted)) right++;
    }

    public void addAll(CategoryScores other) {
        other.matrix.forEach((e, row) -> row.forEach((p, n) -> {
            matrix.computeIfAbsent(e, k -> new TreeMap<>()).merge(p, n, Integer::sum);
            total += n;
            if (e.equals(p)) right += n;
        }));
    }

    public int total() {
        return total;
    }

    public double accuracy() {
        return total == 0 ? 0 : (double) right / total;
    }

    /** Every category that is labelled or predicted, alphabetically. */
    public List<PerCategory> perCategory() {
        var names = new TreeSet<>(matrix.keySet());
        matrix.values().forEach(row -> names.addAll(row.keySet()));
        List<PerCategory> out = new ArrayList<>();
        for (String c : names) {
            int support = matrix.getOrDefault(c, Map.of()).values().stream().mapToInt(Integer::intValue).sum();
            int predicted = matrix.values().stream().mapToInt(row -> row.getOrDefault(c, 0)).sum();
            int hit = matrix.getOrDefault(c, Map.of()).getOrDefault(c, 0);
            double p = predicted == 0 ? 0 : (double) hit / predicted;
            double r = support == 0 ? 0 : (double) hit / support;
            double f1 = p + r == 0 ? 0 : 2 * p * r / (p + r);
            out.add(new PerCategory(c, support, predicted, hit, p, r, f1));
        }
        return out;
    }

    /** Mean F1 over the categories the data labels (a category only ever predicted has no recall to average). */
    public double macroF1() {
        return perCategory().stream().filter(c -> c.support() > 0).mapToDouble(PerCategory::f1).average().orElse(0);
    }

    /** The wrong predictions, most frequent first. */
    public List<Confusion> confusions(int limit) {
        List<Confusion> out = new ArrayList<>();
        matrix.forEach((e, row) -> row.forEach((p, n) -> {
            if (!e.equals(p)) out.add(new Confusion(e, p, n));
        }));
        out.sort(Comparator.comparingInt(Confusion::count).reversed().thenComparing(Confusion::expected));
        return out.subList(0, Math.min(limit, out.size()));
    }

    public Map<String, Object> asJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("prompts", total);
        json.put("accuracy", round(accuracy()));
        json.put("macroF1", round(macroF1()));
        Map<String, Object> per = new LinkedHashMap<>();
        for (PerCategory c : perCategory()) {
            per.put(c.category(), Map.of("support", c.support(), "predicted", c.predicted(), "precision",
                    round(c.precision()), "recall", round(c.recall()), "f1", round(c.f1())));
        }
        json.put("perCategory", per);
        json.put("confusions", confusions(10).stream().map(c -> Map.of("expected", c.expected(), "predicted",
                c.predicted(), "count", c.count())).toList());
        return json;
    }

    static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
