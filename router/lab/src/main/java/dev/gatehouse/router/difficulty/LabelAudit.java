package dev.gatehouse.router.difficulty;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Finds groups of multiple-choice prompts whose labels cannot be right: a model scoring far below what guessing scores
 * on the group's questions. That is a broken answer parser or a shifted column, not a weak model — in the RouteLLM MMLU
 * data GPT-4 is right on 3% of high-school mathematics while Mixtral is right on 32%, and a router trained on it learns
 * "mathematics: the weak model is better". The test is one-sided and strict (binomial tail below
 * {@link #SIGNIFICANCE}), so an honestly weak model near chance is never flagged.
 */
public final class LabelAudit {
    static final double SIGNIFICANCE = 1e-6;

    /** A group whose labels for one model look broken, and why, in words. */
    public record Suspect(String group, String model, String why) {}

    private LabelAudit() {}

    public static List<Suspect> audit(List<RoutingExample> examples, String weakModel, String strongModel) {
        Map<String, List<RoutingExample>> byGroup = new LinkedHashMap<>();
        for (var e : examples) byGroup.computeIfAbsent(e.group(), g -> new ArrayList<>()).add(e);
        var suspects = new ArrayList<Suspect>();
        for (var entry : byGroup.entrySet()) {
            var rows = entry.getValue();
            int options = medianAnswerOptions(rows);
            if (options < 2 || !rows.stream().allMatch(LabelAudit::binary)) continue;
            check(entry.getKey(), strongModel, rows.stream().mapToDouble(RoutingExample::strongScore), rows.size(),
                    options, suspects);
            check(entry.getKey(), weakModel, rows.stream().mapToDouble(RoutingExample::weakScore), rows.size(), options,
                    suspects);
        }
        return suspects;
    }

    /** The rows of every group no model was flagged in. */
    static List<RoutingExample> without(List<RoutingExample> examples, List<Suspect> suspects) {
        var groups = suspects.stream().map(Suspect::group).collect(java.util.stream.Collectors.toSet());
        return examples.stream().filter(e -> !groups.contains(e.group())).toList();
    }

    private static void check(String group, String model, java.util.stream.DoubleStream scores, int n, int options,
            List<Suspect> out) {
        int correct = (int) Math.round(scores.sum());
        double chance = 1.0 / options;
        double tail = binomialLowerTail(correct, n, chance);
        if (tail < SIGNIFICANCE) {
            out.add(new Suspect(group, model, String.format(Locale.ROOT,
                    "%s is right on %d of %d (%.1f%%) in %s, far below the %.0f%% guessing gets on its %d-option "
                            + "questions (binomial tail %.1e): its labels look broken",
                    model, correct, n, 100.0 * correct / n, group, 100 * chance, options, tail)));
        }
    }

    private static boolean binary(RoutingExample e) {
        return (e.weakScore() == 0 || e.weakScore() == 1) && (e.strongScore() == 0 || e.strongScore() == 1);
    }

    private static int medianAnswerOptions(List<RoutingExample> rows) {
        int optionsFeature = PromptFeatures.NAMES.indexOf("answer_options");
        int[] counts = rows.stream().mapToInt(e -> (int) PromptFeatures.of(e.prompt())[optionsFeature]).sorted().toArray();
        return counts.length == 0 ? 0 : counts[counts.length / 2];
    }

    /** P(X ≤ k) for X ~ Binomial(n, p), summed in log space so large n does not underflow term by term. */
    static double binomialLowerTail(int k, int n, double p) {
        double[] logTerms = new double[k + 1];
        for (int i = 0; i <= k; i++) {
            logTerms[i] = logChoose(n, i) + i * Math.log(p) + (n - i) * Math.log1p(-p);
        }
        double max = Arrays.stream(logTerms).max().orElse(Double.NEGATIVE_INFINITY);
        double sum = 0;
        for (double t : logTerms) sum += Math.exp(t - max);
        return Math.min(1, Math.exp(max + Math.log(sum)));
    }

    private static double logChoose(int n, int k) {
        double s = 0;
        for (int i = 1; i <= k; i++) s += Math.log(n - k + i) - Math.log(i);
        return s;
    }
}
