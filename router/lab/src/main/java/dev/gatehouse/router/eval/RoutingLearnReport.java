package dev.gatehouse.router.eval;

import dev.gatehouse.router.bench.BenchmarksFile;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;

/** The {@code bench:routing-learn} section of docs/BENCHMARKS.md. */
record RoutingLearnReport(TwoTargets math, ManyTargets routerBench, Loops cheapestExpected, Loops conservative, int rounds,
        double reveal, double explore, int maxTrain) {

    /** The five simulated loops, their candidates trained under one {@code KnnRouter.Rule}. */
    record Loops(List<FeedbackLoopSimulation.Round> loop, List<FeedbackLoopSimulation.Round> labelledLoop,
            List<FeedbackLoopSimulation.Round> exploringLoop, List<FeedbackLoopSimulation.Round> mmluLoop,
            List<FeedbackLoopSimulation.Round> mmluPreferredLoop, List<FeedbackLoopSimulation.Round> mmluLabelledLoop) {}

    record TwoTargets(int trainPrompts, int testPrompts, int k, List<String> leftOut, CostQualityCurve knn, CostQualityCurve length,
            CostQualityCurve random, CostQualityCurve oracle, ApgrComparison versusLength) {}

    record ManyTargets(int trainPrompts, int testPrompts, int k, List<String> models, List<MultiTargetRouting.Point> singles,
            List<MultiTargetRouting.Point> knnSweep, MultiTargetRouting.Point knnDefault, List<MultiTargetRouting.Point> length,
            List<MultiTargetRouting.Point> random, MultiTargetRouting.Point oracle, int cheapest, int strongest) {}

    void writeInto(Path file) throws IOException {
        BenchmarksFile.writeSection(file, "routing-learn", render());
    }

    String render() {
        var md = new StringBuilder();
        md.append("## Learning from outcomes: the kNN router on data it was not trained on\n\n");
        md.append("Command: `./gatehouse eval routing-learn` (run ").append(LocalDate.now()).append(", seed 1). ")
                .append("The router is `train-router --feedback`'s: per target, the mean outcome of the k most similar labelled ")
                .append("prompts (MiniLM embedding), shrunk toward the target's rate; k and the shrinkage are chosen by ")
                .append("leave-one-out on the training rows, the bar is 95% of the best target's rate. Nothing is tuned on the test rows.\n\n");

        md.append("### MMLU's other subjects → its math subjects (two targets)\n\n");
        md.append(String.format(Locale.ROOT, "Trained on %d prompts sampled from the non-math subjects; tested on all %d prompts of "
                + "abstract algebra, college, elementary and high-school mathematics and high-school statistics (the shared data has "
                + "no GSM8K; these are the closest math prompts, those of them whose labels pass the audit). Mixtral-8x7B vs GPT-4, costs from prompt tokens at $0.24 / $24.7 "
                + "per million. kNN chose k=%d. Left out as labels below guessing (LabelAudit, as `train-router` does): %s.%n%n",
                math.trainPrompts(), math.testPrompts(), math.k(), math.leftOut().isEmpty() ? "none" : String.join(", ", math.leftOut())));
        md.append("| router | APGR | strong calls for 50% of the gap | cost saved at 95% of GPT-4 quality |\n|---|---|---|---|\n");
        twoTargetRow(md, "kNN (learned)", math.knn());
        twoTargetRow(md, "length (longer → strong)", math.length());
        twoTargetRow(md, "random", math.random());
        twoTargetRow(md, "oracle", math.oracle());
        md.append("\n").append(math.versusLength().describe().replace("learned", "kNN")).append(".\n\n");

        var rb = routerBench;
        md.append("### RouterBench train → held-out prompts (eleven targets, real per-call costs)\n\n");
        md.append(String.format(Locale.ROOT, "ARC-Challenge, MBPP and Winogrande rows of RouterBench's train split, shuffled: "
                + "%d prompts to train, %d held out (the shared data has no test split). The kNN router sends each prompt to the "
                + "cheapest target (by mean cost per call in training) whose expected success reaches the bar; sweeping the bar "
                + "from 0 to 1 gives its cost-quality curve. Length sends the longest share to %s and the rest to the cheapest, "
                + "%s; random mixes the same two. kNN chose k=%d.%n%n", rb.trainPrompts(), rb.testPrompts(),
                rb.models().get(rb.strongest()), rb.models().get(rb.cheapest()), rb.k()));
        var strongest = rb.singles().get(rb.strongest());
        md.append("| router | quality | mean cost per prompt | cost saved at 95% of ").append(strongest.label())
                .append("'s quality | best quality at its cost |\n|---|---|---|---|---|\n");
        manyRow(md, "kNN at its default bar", List.of(rb.knnDefault()), strongest);
        manyRow(md, "kNN, bar swept", rb.knnSweep(), strongest);
        manyRow(md, "length, share swept", rb.length(), strongest);
        manyRow(md, "random, share swept", rb.random(), strongest);
        manyRow(md, "oracle (cheapest correct)", List.of(rb.oracle()), strongest);
        for (var single : rb.singles()) manyRow(md, "all to " + single.label(), List.of(single), strongest);
        md.append("\nA swept row's quality and cost are at its cheapest point reaching 95% of the strongest target's quality.\n\n");

        md.append("### Simulated feedback loop (RouterBench, eleven targets)\n\n");
        md.append(String.format(Locale.ROOT, "All %d prompts in %d rounds. Before any feedback every prompt goes to the most "
                + "accurate target. Each round %.0f%% of the traffic gets feedback as `POST /v1/feedback` brings it: the served "
                + "target's score, and where it failed the cheapest target that would have answered as `preferred_target`. After "
                + "each round a candidate is trained on all feedback so far (the code of `train-router --feedback`); the next round "
                + "it serves the canary slice (a tenth of traffic, by a hash of the prompt), and it is promoted when its held-out "
                + "report is no worse than the live router's and the canary shows non-inferiority (the lower bound of canary minus "
                + "live-arm quality, 2.24 standard errors below it, keeps the candidate within 95%% of the quality before any "
                + "promotion; failing to show it is worse is not enough; `CanaryEvidence`). A candidate stays in "
                + "the canary over rounds until promoted or rejected (rejected also when its held-out report is worse), or until "
                + "the feedback has doubled since it was trained, when a fresh candidate replaces it.%n%n",
                cheapestExpected.loop().stream().mapToInt(FeedbackLoopSimulation.Round::prompts).sum(), rounds, 100 * reveal));
        md.append("Feedback as the API brings it (served target's score, preferred target on failure):\n\n");
        rounds(md, cheapestExpected.loop());
        md.append("The same loop when each judged prompt is labelled on every target (an operator's labelled file, e.g. judged "
                + "prompts replayed on each target), the case `train-router --feedback --prompts` also reads:\n\n");
        rounds(md, cheapestExpected.labelledLoop());
        exploring(md);
        ConservativeLoopsReport.render(md, cheapestExpected, conservative, explore);
        return md.toString();
    }

    private void exploring(StringBuilder md) {
        md.append("### The loop with exploration (`learnedRouter: {explore: ").append(explore).append("}`)\n\n");
        md.append(String.format(Locale.ROOT, "The first loop again, feedback as the API brings it, but every decision is "
                + "explored as the server explores it: with probability %.2f the request goes to one of the other targets, "
                + "drawn uniformly from a hash of the decision id (`policy.Exploration.draw`), and the feedback carries the "
                + "propensity (%.2f for the policy's choice, %.2f divided by the number of other targets for each of them). "
                + "Training weighs each served outcome by the inverse of its propensity. The canary verdict pools two "
                + "independent estimates of the candidate's quality minus the live arm's, by inverse variance: the canary's "
                + "(difference of means over the rounds the candidate served) and the off-policy one (doubly robust, paired, "
                + "on the newest fifth of the feedback, held out of the fit that produces it; used only once at least %d "
                + "held-out decisions were served by the candidate's own differing choice, marked `(unused)` before). "
                + "Promoted when the pooled lower bound (one-sided 95%% over up to four looks, Bonferroni: 2.24 standard "
                + "errors) keeps the candidate within 95%% of the quality before any promotion (a fixed reference, so "
                + "promotions cannot each lose another 5%%); rejected when the one-sided 95%% upper bound is below it. "
                + "Quality and cost include the explored decisions.%n%n",
                explore, 1 - explore, explore, dev.gatehouse.router.learning.OffPolicyEstimate.MIN_MATCHED));
        md.append("RouterBench, eleven targets, feedback as the API brings it:\n\n");
        exploringRounds(md, cheapestExpected.exploringLoop());
        md.append(String.format(Locale.ROOT, "MMLU, two targets (Mixtral-8x7B and GPT-4, every subject whose labels pass the "
                + "audit, %d prompts, costs as in the first section), the same loop with the served target's score only "
                + "(every label drawn with a known probability):%n%n", cheapestExpected.mmluLoop().stream().mapToInt(FeedbackLoopSimulation.Round::prompts).sum()));
        exploringRounds(md, cheapestExpected.mmluLoop());
        md.append("The same MMLU loop with a preferred target added on failure, as the API brings it:\n\n");
        exploringRounds(md, cheapestExpected.mmluPreferredLoop());
    }

    static void exploringRounds(StringBuilder md, List<FeedbackLoopSimulation.Round> loop) {
        md.append("| round | labels (explored) | live router | quality | mean cost per prompt | explored | canary prompts | "
                + "canary quality | live-arm quality | off-policy Δ ± se | pooled Δ ± se | canary verdict |\n");
        md.append("|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (var r : loop) {
            md.append(String.format(Locale.ROOT, "| %d | %d (%d) | %s | %.3f | $%.6f | %d | %d | %s | %.3f | %s | %s | %s |%n",
                    r.round(), r.labels(), r.exploredLabels(), r.live(), r.quality(), r.cost(), r.explored(),
                    r.canaryPrompts(), Double.isNaN(r.canaryQuality()) ? "–" : String.format(Locale.ROOT, "%.3f", r.canaryQuality()),
                    r.liveQuality(), plusMinus(r.offPolicy(), r.offPolicySe()) + (r.offPolicyTrusted() || Double.isNaN(r.offPolicy()) ? ""
                            : " (unused)"), plusMinus(r.pooled(), r.pooledSe()), r.verdict()));
        }
        md.append("\n");
    }

    private static String plusMinus(double value, double se) {
        return Double.isNaN(value) ? "–" : String.format(Locale.ROOT, "%+.3f ± %.3f", value, se);
    }

    static void rounds(StringBuilder md, List<FeedbackLoopSimulation.Round> loop) {
        md.append("| round | labels so far | live router | quality | mean cost per prompt | canary prompts | canary quality | live-arm quality | canary verdict |\n");
        md.append("|---|---|---|---|---|---|---|---|---|\n");
        for (var r : loop) {
            md.append(String.format(Locale.ROOT, "| %d | %d | %s | %.3f | $%.6f | %d | %s | %.3f | %s |%n", r.round(), r.labels(),
                    r.live(), r.quality(), r.cost(), r.canaryPrompts(),
                    Double.isNaN(r.canaryQuality()) ? "–" : String.format(Locale.ROOT, "%.3f", r.canaryQuality()),
                    r.liveQuality(), r.verdict()));
        }
        md.append("\n");
    }

    private static void twoTargetRow(StringBuilder md, String name, CostQualityCurve curve) {
        md.append(String.format(Locale.ROOT, "| %s | %.3f | %.1f%% | %.1f%% |%n", name, curve.apgr(), 100 * curve.cpt(0.5),
                100 * curve.savingsAt(0.95)));
    }

    private static void manyRow(StringBuilder md, String name, List<MultiTargetRouting.Point> curve, MultiTargetRouting.Point strongest) {
        double target = 0.95 * strongest.quality();
        MultiTargetRouting.Point at = null;
        for (var p : curve) if (p.quality() >= target - 1e-12 && (at == null || p.cost() < at.cost())) at = p;
        var shown = curve.size() == 1 ? curve.getFirst() : at;
        md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s |%n", name,
                shown == null ? "–" : String.format(Locale.ROOT, "%.3f", shown.quality()),
                shown == null ? "–" : String.format(Locale.ROOT, "$%.6f", shown.cost()),
                percent(MultiTargetRouting.costSavedAt(curve, target, strongest.cost())),
                number(MultiTargetRouting.qualityWithin(curve, strongest.cost()))));
    }

    private static String percent(double v) {
        return Double.isNaN(v) ? "not reached" : String.format(Locale.ROOT, "%.1f%%", 100 * v);
    }

    private static String number(double v) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.3f", v);
    }
}
