package dev.gatehouse.router.eval;

import java.util.List;
import java.util.Locale;

/**
 * The part of the {@code bench:routing-learn} section on conservative candidates ({@code learning.SafeDeviation}):
 * every loop under both rules side by side, then the conservative loops round by round beside what the starting
 * policy would have done on the same prompts.
 */
final class ConservativeLoopsReport {
    private ConservativeLoopsReport() {}

    static void render(StringBuilder md, RoutingLearnReport.Loops before, RoutingLearnReport.Loops after, double explore) {
        md.append("### Conservative candidates (`train-router --feedback --rule conservative`)\n\n");
        md.append("The same loops, each candidate trained under the conservative rule (`learning.SafeDeviation`, safe policy "
                + "improvement in the manner of SPIBB): a prompt goes to the reference target (the one whose overall success "
                + "rate has the highest lower confidence bound) unless another target's one-sided 95% Wilson lower bound on "
                + "the prompt's neighbourhood (its k nearest labels, k chosen as before; effective count (Σw)²/Σw² of their "
                + "inverse-propensity weights) reaches 95% of the reference target's expected success on that prompt. "
                + "Preferred-target labels are left out of training: they are given only where the served target failed, "
                + "so they do not say how often that target succeeds. The canary and its statistics are unchanged.\n\n");
        md.append("Rounds 2 to the last (round 1 has no candidate), against the starting policy (every prompt to the most "
                + "accurate target, explored the same way) on the same prompts:\n\n");
        md.append("| loop | candidates | promotions | quality | of the starting policy's | mean cost per prompt | "
                + "cost saved |\n|---|---|---|---|---|---|---|\n");
        summary(md, "RouterBench, served + preferred", before.loop(), after.loop());
        summary(md, "RouterBench, every target labelled", before.labelledLoop(), after.labelledLoop());
        summary(md, "RouterBench, explore " + explore, before.exploringLoop(), after.exploringLoop());
        summary(md, "MMLU, explore " + explore + ", served only", before.mmluLoop(), after.mmluLoop());
        summary(md, "MMLU, explore " + explore + ", served + preferred", before.mmluPreferredLoop(), after.mmluPreferredLoop());
        summary(md, "MMLU, explore " + explore + ", every target labelled", before.mmluLabelledLoop(), after.mmluLabelledLoop());
        md.append("\nRouterBench, feedback as the API brings it, no exploration (conservative candidates):\n\n");
        rounds(md, after.loop());
        md.append("RouterBench, every target labelled (conservative candidates):\n\n");
        rounds(md, after.labelledLoop());
        md.append("RouterBench, explore ").append(explore).append(" (conservative candidates):\n\n");
        rounds(md, after.exploringLoop());
        md.append("MMLU, explore ").append(explore).append(", served target's score only (conservative candidates; with "
                + "preferred targets added the rounds are the same, since the rule leaves those labels out):\n\n");
        rounds(md, after.mmluLoop());
        md.append("MMLU, explore ").append(explore).append(", every judged prompt labelled on both targets (conservative "
                + "candidates):\n\n");
        rounds(md, after.mmluLabelledLoop());
    }

    private static void summary(StringBuilder md, String name, List<FeedbackLoopSimulation.Round> before,
            List<FeedbackLoopSimulation.Round> after) {
        row(md, name, "cheapest expected", before);
        row(md, name, "conservative", after);
    }

    private static void row(StringBuilder md, String name, String rule, List<FeedbackLoopSimulation.Round> loop) {
        double q = 0, c = 0, startQ = 0, startC = 0;
        int promotions = 0;
        for (var r : loop.subList(1, loop.size())) {
            q += r.quality() * r.prompts();
            c += r.cost() * r.prompts();
            startQ += r.startQuality() * r.prompts();
            startC += r.startCost() * r.prompts();
            if (r.verdict().equals("promoted")) promotions++;
        }
        int prompts = loop.subList(1, loop.size()).stream().mapToInt(FeedbackLoopSimulation.Round::prompts).sum();
        md.append(String.format(Locale.ROOT, "| %s | %s | %d | %.3f | %.1f%% | $%.6f | %.1f%% |%n", name, rule, promotions,
                q / prompts, 100 * q / startQ, c / prompts, 100 * (1 - c / startC)));
    }

    private static void rounds(StringBuilder md, List<FeedbackLoopSimulation.Round> loop) {
        md.append("| round | labels (explored) | live router | quality | starting policy's | mean cost per prompt | "
                + "starting policy's | canary prompts | canary quality | live-arm quality | off-policy Δ ± se | "
                + "pooled Δ ± se | canary verdict |\n");
        md.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (var r : loop) {
            md.append(String.format(Locale.ROOT, "| %d | %d (%d) | %s | %.3f | %.3f | $%.6f | $%.6f | %d | %s | %.3f | %s | %s | %s |%n",
                    r.round(), r.labels(), r.exploredLabels(), r.live(), r.quality(), r.startQuality(), r.cost(), r.startCost(),
                    r.canaryPrompts(), Double.isNaN(r.canaryQuality()) ? "–" : String.format(Locale.ROOT, "%.3f", r.canaryQuality()),
                    r.liveQuality(), plusMinus(r.offPolicy(), r.offPolicySe())
                            + (r.offPolicyTrusted() || Double.isNaN(r.offPolicy()) ? "" : " (unused)"),
                    plusMinus(r.pooled(), r.pooledSe()), r.verdict()));
        }
        md.append("\n");
    }

    private static String plusMinus(double value, double se) {
        return Double.isNaN(value) ? "–" : String.format(Locale.ROOT, "%+.3f ± %.3f", value, se);
    }
}
