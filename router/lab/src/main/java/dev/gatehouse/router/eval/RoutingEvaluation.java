package dev.gatehouse.router.eval;

import dev.gatehouse.router.difficulty.DifficultyScorer;
import dev.gatehouse.router.difficulty.RoutingExample;
import java.util.List;

/**
 * Replays labelled prompts through a difficulty scorer, "strong if difficulty ≥ threshold" swept over every
 * threshold, and beside it random routing, the "longer prompt → strong model" heuristic and the oracle.
 */
final class RoutingEvaluation {
    /** Per-token prices used when the data has no per-call costs. */
    record Prices(double weakPerMillion, double strongPerMillion) {
        /** A fast token estimate: about 4 characters per token for English; the prompt is what is billed here. */
        static long estimatedTokens(String prompt) {
            return Math.max(1, (prompt.length() + 3) / 4);
        }
    }

    /**
     * @param costSource how costs were obtained (per-call columns, or token prices)
     */
    record Result(String weakModel, String strongModel, int testPrompts, String costSource, CostQualityCurve learned,
            CostQualityCurve length, CostQualityCurve random, CostQualityCurve oracle, ApgrComparison versusLength) {}

    private RoutingEvaluation() {}

    static Result run(List<RoutingExample> test, float[][] embeddings, DifficultyScorer scorer, Prices prices,
            String weakModel, String strongModel) {
        int n = test.size();
        if (n == 0) throw new IllegalArgumentException("no test prompts to evaluate on");
        double[] weak = new double[n], strong = new double[n], weakCost = new double[n], strongCost = new double[n];
        double[] learned = new double[n], length = new double[n], oracle = new double[n];
        String[] groups = new String[n];
        boolean perCall = test.stream().allMatch(RoutingExample::hasCosts);
        for (int i = 0; i < n; i++) {
            RoutingExample e = test.get(i);
            weak[i] = e.weakScore();
            strong[i] = e.strongScore();
            if (perCall) {
                weakCost[i] = e.weakCost();
                strongCost[i] = e.strongCost();
            } else {
                long tokens = Prices.estimatedTokens(e.prompt());
                weakCost[i] = tokens * prices.weakPerMillion() / 1e6;
                strongCost[i] = tokens * prices.strongPerMillion() / 1e6;
            }
            learned[i] = scorer.score(e.prompt(), embeddings[i]);
            length[i] = e.prompt().length();
            oracle[i] = e.strongScore() - e.weakScore();
            groups[i] = e.group();
        }
        String costSource = perCall ? "per-call cost columns of the data (USD)"
                : String.format(java.util.Locale.ROOT, "estimated prompt tokens (chars / 4) × $%.2f (weak) and $%.2f (strong) "
                        + "per million tokens", prices.weakPerMillion(), prices.strongPerMillion());
        var learnedCurve = CostQualityCurve.ranked(learned, weak, strong, weakCost, strongCost);
        return new Result(weakModel, strongModel, n, costSource, learnedCurve,
                CostQualityCurve.ranked(length, weak, strong, weakCost, strongCost),
                CostQualityCurve.random(n, learnedCurve.weakQuality(), learnedCurve.strongQuality(),
                        java.util.Arrays.stream(weakCost).average().orElseThrow(),
                        java.util.Arrays.stream(strongCost).average().orElseThrow()),
                CostQualityCurve.ranked(oracle, weak, strong, weakCost, strongCost),
                ApgrComparison.of(learned, length, weak, strong, groups, 1));
    }
}
