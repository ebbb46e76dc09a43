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
 * serves the canary slice, and it is promoted when its held-out report is no worse than the live router's and its
 * canary slice's quality is within two standard errors of the live arm's.
 */
final class FeedbackLoopSimulation {
    /** The canary's share of traffic: the slice whose hash bucket is 0 of 10. */
    static final int CANARY_BUCKETS = 10;

    /**
     * @param labels       feedback received so far
     * @param live         the router that served the main arm this round: "best target" or the round its kNN was trained after
     * @param quality      mean outcome over all of the round's traffic, canary included
     * @param cost         mean cost per prompt over the same
     * @param canaryPrompts prompts the candidate served this round
     * @param promoted     whether the candidate was promoted at the end of the round (it serves from the next round)
     */
    record Round(int round, int prompts, int labels, String live, double quality, double cost, int canaryPrompts,
            double canaryQuality, double liveQuality, boolean promoted) {}

    private FeedbackLoopSimulation() {}

    static List<Round> run(List<String> prompts, float[][] x, double[][] scores, double[][] costs, List<String> targets,
            int rounds, double revealShare, long seed) {
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
                    if (outcome < 1) {
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
            boolean promoted = false;
            if (candidate != null && canary > 1) {
                double mean = canaryQ / canary;
                double se = Math.sqrt(Math.max(0, canaryQ2 / canary - mean * mean) / canary);
                if (candidateNoWorse && mean >= liveMean - 2 * se) {
                    live = candidate;
                    liveName = candidateName;
                    promoted = true;
                }
            }
            out.add(new Round(r + 1, size, feedback.size(), servedBy, q / size, c / size, canary,
                    canary == 0 ? Double.NaN : canaryQ / canary, liveMean, promoted));
            if (feedback.size() >= 2) {
                var trained = FeedbackTraining.train(feedback, feedbackX.toArray(float[][]::new), targets, live, Double.NaN,
                        "simulation", seed);
                candidate = trained.candidate();
                candidateNoWorse = trained.report().candidateNoWorse();
                candidateName = "kNN after round " + (r + 1) + " (" + feedback.size() + " labels)";
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
