package dev.gatehouse.router.eval;

import dev.gatehouse.router.learning.FeedbackTraining;
import dev.gatehouse.router.learning.KnnRouter;
import dev.gatehouse.router.learning.LabelledDecision;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The learning loop on labelled traffic, round by round. Before any feedback every prompt goes to the most accurate
 * target (what a cautious policy does). Each round, feedback arrives for a share of the round's traffic the way
 * {@code POST /v1/feedback} brings it: the served target's score, and where it failed, the cheapest target that
 * would have answered as preferred_target (an operator's override). After the round a candidate is trained on all
 * feedback so far ({@link FeedbackTraining}, the same code as {@code train-router --feedback}); in the next round it
 * serves the canary slice, and it is promoted when its held-out report is no worse than the live router's and the
 * canary shows non-inferiority: the one-sided 95% lower bound of (canary − live-arm quality) is above −5% of live.
 * A candidate stays in the canary, collecting evidence over rounds, until it is promoted or rejected.
 */
final class FeedbackLoopSimulation {
    /** The canary's share of traffic: the slice whose hash bucket is 0 of 10. */
    static final int CANARY_BUCKETS = 10;
    /** The canary may lose at most this share of the live arm's quality: the 95%-of-quality level the reports use. */
    static final double NON_INFERIORITY_MARGIN = 0.05;

    /**
     * @param labels       feedback received so far
     * @param live         the router that served the main arm this round: "best target" or the round its kNN was trained after
     * @param quality      mean outcome over all of the round's traffic, canary included
     * @param cost         mean cost per prompt over the same
     * @param canaryPrompts prompts the candidate served this round
     * @param verdict      the canary's verdict at the end of the round: promoted (it serves from the next round),
     *                      rejected, collecting (not enough evidence yet: the same candidate stays), or – (none)
     */
    record Round(int round, int prompts, int labels, String live, double quality, double cost, int canaryPrompts,
            double canaryQuality, double liveQuality, String verdict) {}

    /**
     * One candidate's canary outcomes and the live arm's over the same rounds. Promoted on non-inferiority: the one-sided
     * 95% lower bound of (canary − live quality) above −margin; rejected when the upper bound is below it, or when its
     * held-out report was worse; otherwise it keeps collecting.
     */
    private static final class CanaryEvidence {
        int canary, live;
        double canarySum, canarySquares, liveSum;

        void add(int canaryCount, double canaryQ, double canaryQ2, int liveCount, double liveQ) {
            canary += canaryCount;
            canarySum += canaryQ;
            canarySquares += canaryQ2;
            live += liveCount;
            liveSum += liveQ;
        }

        String verdict(boolean heldOutNoWorse) {
            if (!heldOutNoWorse) return "rejected";
            if (canary < 2 || live < 2) return "collecting";
            double c = canarySum / canary, l = liveSum / live;
            double se = Math.sqrt(Math.max(0, canarySquares / canary - c * c) / canary + l * (1 - l) / live);
            double margin = -NON_INFERIORITY_MARGIN * l;
            if (c - l - 1.645 * se >= margin) return "promoted";
            if (c - l + 1.645 * se < margin) return "rejected";
            return "collecting";
        }
    }

    private FeedbackLoopSimulation() {}

    /**
     * @param everyTarget false: feedback as the API brings it (the served target's score, a preferred target on
     *                    failure); true: each judged prompt labelled on every target, as an operator's labelled file
     *                    from replaying judged prompts on each target would
     */
    static List<Round> run(List<String> prompts, float[][] x, double[][] scores, double[][] costs, List<String> targets,
            int rounds, double revealShare, long seed, boolean everyTarget) {
        int n = prompts.size();
        int t = targets.size();
        double[] meanCost = new double[t];
        double[] accuracy = new double[t];
        for (int i = 0; i < n; i++) {
            for (int m = 0; m < t; m++) {
                meanCost[m] += costs[i][m] / n;
                accuracy[m] += scores[i][m] / n;
            }
        }
        int best = 0;
        for (int m = 1; m < t; m++) if (accuracy[m] > accuracy[best]) best = m;
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < n; i++) order.add(i);
        Collections.shuffle(order, new Random(seed));
        var reveal = new Random(seed + 1);
        List<LabelledDecision> feedback = new ArrayList<>();
        List<float[]> feedbackX = new ArrayList<>();
        KnnRouter live = null, candidate = null;
        boolean candidateNoWorse = false;
        var evidence = new CanaryEvidence();
        int candidateLabels = 0;
        String liveName = "best target (" + targets.get(best) + ")", candidateName = null;
        List<Round> out = new ArrayList<>();
        int perRound = n / rounds;
        for (int r = 0; r < rounds; r++) {
            String servedBy = liveName;
            double q = 0, c = 0, canaryQ = 0, canaryQ2 = 0, liveQ = 0;
            int canary = 0;
            List<Integer> chunk = order.subList(r * perRound, r == rounds - 1 ? n : (r + 1) * perRound);
            for (int i : chunk) {
                boolean inCanary = candidate != null && Math.floorMod(prompts.get(i).hashCode(), CANARY_BUCKETS) == 0;
                KnnRouter router = inCanary ? candidate : live;
                int served = router == null ? best
                        : MultiTargetRouting.cheapestAdequate(router.expected(x[i]), meanCost, router.bar());
                double outcome = scores[i][served];
                q += outcome;
                c += costs[i][served];
                if (inCanary) {
                    canary++;
                    canaryQ += outcome;
                    canaryQ2 += outcome * outcome;
                } else {
                    liveQ += outcome;
                }
                if (reveal.nextDouble() < revealShare) {
                    Map<String, Double> judged = new HashMap<>();
                    judged.put(targets.get(served), outcome);
                    if (everyTarget) {
                        for (int m = 0; m < t; m++) judged.put(targets.get(m), scores[i][m]);
                    } else if (outcome < 1) {
                        int preferred = cheapestCorrect(scores[i], meanCost);
                        if (preferred >= 0) judged.put(targets.get(preferred), 1.0);
                    }
                    feedback.add(new LabelledDecision("r" + r + "-" + i, String.format("%04d-%06d", r, feedback.size()),
                            prompts.get(i), judged));
                    feedbackX.add(x[i]);
                }
            }
            int size = chunk.size();
            double liveMean = liveQ / Math.max(1, size - canary);
            evidence.add(canary, canaryQ, canaryQ2, size - canary, liveQ);
            String verdict = candidate == null ? "–" : evidence.verdict(candidateNoWorse);
            if (verdict.equals("promoted")) {
                live = candidate;
                liveName = candidateName;
            }
            out.add(new Round(r + 1, size, feedback.size(), servedBy, q / size, c / size, canary,
                    canary == 0 ? Double.NaN : canaryQ / canary, liveMean, verdict));
            // a candidate still collecting is replaced once the feedback has doubled since it was trained: by then a
            // newer one knows twice as much, and the evidence for the old one says little about it
            boolean decided = candidate == null || !verdict.equals("collecting") || feedback.size() >= 2 * candidateLabels;
            if (decided && feedback.size() >= 2) {
                var trained = FeedbackTraining.train(feedback, feedbackX.toArray(float[][]::new), targets, live, Double.NaN,
                        "simulation", seed);
                candidate = trained.candidate();
                candidateNoWorse = trained.report().candidateNoWorse();
                candidateName = "kNN after round " + (r + 1) + " (" + feedback.size() + " labels)";
                candidateLabels = feedback.size();
                evidence = new CanaryEvidence();
            }
        }
        return out;
    }

    private static int cheapestCorrect(double[] scores, double[] meanCost) {
        int chosen = -1;
        for (int m = 0; m < scores.length; m++) {
            if (scores[m] >= 1 && (chosen < 0 || meanCost[m] < meanCost[chosen])) chosen = m;
        }
        return chosen;
    }
}
