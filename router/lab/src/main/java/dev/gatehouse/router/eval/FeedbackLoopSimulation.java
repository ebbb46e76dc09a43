package dev.gatehouse.router.eval;

import dev.gatehouse.router.learning.FeedbackTraining;
import dev.gatehouse.router.learning.KnnRouter;
import dev.gatehouse.router.learning.LabelledDecision;
import dev.gatehouse.router.learning.OffPolicyEstimate;
import dev.gatehouse.router.policy.Exploration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The learning loop on labelled traffic, round by round. Before any feedback every prompt goes to the most accurate
 * target (what a cautious policy does). With an exploration share, each decision is then explored as the server
 * explores it ({@link Exploration#draw} on the decision id: another target, uniformly, with that probability) and the
 * feedback carries the propensity. Each round, feedback arrives for a share of the round's traffic the way
 * {@code POST /v1/feedback} brings it: the served target's score, and where it failed, the cheapest target that
 * would have answered as preferred_target (an operator's override). After the round a candidate is trained on all
 * feedback so far ({@link FeedbackTraining}, the same code as {@code train-router --feedback}, inverse-propensity
 * weighted); in the next round it serves the canary slice, and {@link CanaryEvidence} decides: promoted when it
 * shows quality within 5% of the policy before any promotion, from the canary and, with exploration, the held-out
 * off-policy estimate.
 * A candidate stays in the canary, collecting evidence over rounds, until it is promoted or rejected.
 */
final class FeedbackLoopSimulation {
    /** The canary's share of traffic: the slice whose hash bucket is 0 of 10. */
    static final int CANARY_BUCKETS = 10;
    /** The canary may lose at most this share of the live arm's quality: the 95%-of-quality level the reports use. */
    static final double NON_INFERIORITY_MARGIN = 0.05;

    /**
     * @param labels        feedback received so far
     * @param exploredLabels of them, outcomes of a target exploration drew
     * @param live          the router that served the main arm this round: "best target" or the round its kNN was trained after
     * @param quality       mean outcome over all of the round's traffic, canary and explored decisions included
     * @param cost          mean cost per prompt over the same
     * @param explored      the round's decisions that exploration sent elsewhere
     * @param canaryPrompts prompts the candidate served this round
     * @param offPolicy     the difference candidate − live the held-out off-policy estimate gave, NaN without one
     * @param pooled        the difference pooled from canary and off-policy evidence, and its standard error
     * @param verdict       the canary's verdict at the end of the round: promoted (it serves from the next round),
     *                      rejected, collecting (not enough evidence yet: the same candidate stays), or – (none)
     * @param startQuality  what the starting policy (every prompt to the most accurate target, explored the same way)
     *                      would have scored on the same prompts: the "before" beside {@code quality}
     * @param startCost     the same for cost
     */
    record Round(int round, int prompts, int labels, int exploredLabels, String live, double quality, double cost,
            int explored, int canaryPrompts, double canaryQuality, double liveQuality, double offPolicy,
            double offPolicySe, boolean offPolicyTrusted, double pooled, double pooledSe, String verdict,
            double startQuality, double startCost) {}

    /** What feedback says about a judged prompt. */
    enum Labels {
        /** As {@code POST /v1/feedback} brings it: the served target's score, and on failure a preferred target. */
        SERVED_AND_PREFERRED,
        /** The served target's score only: every label comes from a draw whose probability is known. */
        SERVED,
        /** Every target's outcome, as an operator's file of judged prompts replayed on each target would give. */
        EVERY_TARGET
    }

    private FeedbackLoopSimulation() {}

    /**
     * @param labels      what feedback says about each judged prompt
     * @param explore     the policy's {@code learnedRouter.explore} share, 0 for none
     */
    static List<Round> run(List<String> prompts, float[][] x, double[][] scores, double[][] costs, List<String> targets,
            int rounds, double revealShare, long seed, Labels labels, double explore) {
        return run(prompts, x, scores, costs, targets, rounds, revealShare, seed, labels, explore, KnnRouter.Rule.CHEAPEST_EXPECTED);
    }

    /** @param rule the rule of every candidate trained ({@code train-router --feedback --rule}) */
    static List<Round> run(List<String> prompts, float[][] x, double[][] scores, double[][] costs, List<String> targets,
            int rounds, double revealShare, long seed, Labels labels, double explore, KnnRouter.Rule rule) {
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
        Map<String, Double> costByTarget = new HashMap<>();
        for (int m = 0; m < t; m++) costByTarget.put(targets.get(m), meanCost[m]);
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
        var evidence = new CanaryEvidence(NON_INFERIORITY_MARGIN, Double.NaN, null);
        double referenceSum = 0;
        int referenceCount = 0;
        OffPolicyEstimate offPolicy = null;
        int candidateLabels = 0, exploredLabels = 0;
        String liveName = "best target (" + targets.get(best) + ")", candidateName = null;
        List<Round> out = new ArrayList<>();
        int perRound = n / rounds;
        for (int r = 0; r < rounds; r++) {
            String servedBy = liveName;
            double q = 0, c = 0, canaryQ = 0, liveQ = 0, startQ = 0, startC = 0;
            int canary = 0, explored = 0;
            List<Integer> chunk = order.subList(r * perRound, r == rounds - 1 ? n : (r + 1) * perRound);
            for (int i : chunk) {
                boolean inCanary = candidate != null && Math.floorMod(prompts.get(i).hashCode(), CANARY_BUCKETS) == 0;
                KnnRouter router = inCanary ? candidate : live;
                KnnRouter.Adequacy adequacy = router == null ? null : router.adequacy(x[i]);
                int greedy = router == null ? best : MultiTargetRouting.cheapestAdequate(adequacy.values(), meanCost, adequacy.bar());
                LabelledDecision.Served decided = decide(r + "-" + i, explore, greedy, targets);
                int start = targets.indexOf(decide(r + "-" + i, explore, best, targets).target());
                startQ += scores[i][start];
                startC += costs[i][start];
                int served = targets.indexOf(decided.target());
                if (served != greedy) explored++;
                double outcome = scores[i][served];
                q += outcome;
                c += costs[i][served];
                if (inCanary) {
                    canary++;
                    canaryQ += outcome;
                    evidence.canary(outcome);
                } else {
                    liveQ += outcome;
                    evidence.live(outcome);
                    if (live == null) {
                        referenceSum += outcome;
                        referenceCount++;
                    }
                }
                if (reveal.nextDouble() < revealShare) {
                    Map<String, Double> judged = new HashMap<>();
                    judged.put(targets.get(served), outcome);
                    if (labels == Labels.EVERY_TARGET) {
                        for (int m = 0; m < t; m++) judged.put(targets.get(m), scores[i][m]);
                    } else if (labels == Labels.SERVED_AND_PREFERRED && outcome < 1) {
                        int preferred = cheapestCorrect(scores[i], meanCost);
                        if (preferred >= 0 && preferred != served) judged.put(targets.get(preferred), 1.0);
                    }
                    if (served != greedy) exploredLabels++;
                    feedback.add(new LabelledDecision("r" + r + "-" + i, String.format("%04d-%06d", r, feedback.size()),
                            prompts.get(i), judged, labels == Labels.EVERY_TARGET ? null : decided));
                    feedbackX.add(x[i]);
                }
            }
            int size = chunk.size();
            var pooled = evidence.pooled();
            String verdict = candidate == null ? "–" : evidence.verdict(candidateNoWorse);
            if (verdict.equals("promoted")) {
                live = candidate;
                liveName = candidateName;
            }
            out.add(new Round(r + 1, size, feedback.size(), exploredLabels, servedBy, q / size, c / size, explored, canary,
                    canary == 0 ? Double.NaN : canaryQ / canary, liveQ / Math.max(1, size - canary),
                    offPolicy == null || candidate == null ? Double.NaN : offPolicy.difference(),
                    offPolicy == null || candidate == null ? Double.NaN : offPolicy.differenceSe(),
                    offPolicy != null && candidate != null && offPolicy.trusted(),
                    candidate == null ? Double.NaN : pooled.difference(), candidate == null ? Double.NaN : pooled.se(),
                    verdict, startQ / size, startC / size));
            // a candidate still collecting is replaced once the feedback has doubled since it was trained: by then a
            // newer one knows twice as much, and the evidence for the old one says little about it
            boolean decided = candidate == null || !verdict.equals("collecting") || feedback.size() >= 2 * candidateLabels;
            if (decided && feedback.size() >= 2) {
                var trained = FeedbackTraining.train(feedback, feedbackX.toArray(float[][]::new), targets, live, Double.NaN,
                        "simulation", seed, explore > 0 ? costByTarget : Map.of(), rule);
                candidate = trained.candidate();
                candidateNoWorse = trained.report().candidateNoWorse();
                candidateName = "kNN after round " + (r + 1) + " (" + feedback.size() + " labels)";
                candidateLabels = feedback.size();
                offPolicy = trained.report().offPolicy();
                evidence = new CanaryEvidence(NON_INFERIORITY_MARGIN, referenceSum / referenceCount, offPolicy);
            }
        }
        return out;
    }

    /** The served target as the server's exploration draws it from the decision id, with its propensity. */
    private static LabelledDecision.Served decide(String decisionId, double explore, int greedy, List<String> targets) {
        if (!(explore > 0)) return LabelledDecision.Served.certain(targets.get(greedy));
        List<String> others = new ArrayList<>(targets);
        others.remove(greedy);
        Exploration e = Exploration.draw(decisionId, explore, targets.get(greedy), others);
        return new LabelledDecision.Served(e.target(), e.propensity(), explore, e.greedy(), e.among());
    }

    private static int cheapestCorrect(double[] scores, double[] meanCost) {
        int chosen = -1;
        for (int m = 0; m < scores.length; m++) {
            if (scores[m] >= 1 && (chosen < 0 || meanCost[m] < meanCost[chosen])) chosen = m;
        }
        return chosen;
    }
}
