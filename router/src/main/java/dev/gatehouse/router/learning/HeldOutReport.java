package dev.gatehouse.router.learning;

import java.util.List;
import java.util.Locale;

/**
 * How a candidate router predicts outcomes it was not trained on, beside what routes today: the newest share of the
 * labelled traffic is held out (time order, as it will be used: trained on the past, serving the future).
 *
 * @param trainRows      labelled decisions trained on
 * @param heldOutRows    labelled decisions held out
 * @param judged         held-out (decision, target) outcomes scored
 * @param candidateBrier mean squared error of the candidate's expected success (lower is better)
 * @param staticBrier    the same for each target's overall success rate: what a policy's fixed per-target quality knows
 * @param currentBrier   the same for the live kNN artifact given with {@code --current}, NaN without one
 * @param candidateHits  share of held-out outcomes on the right side of 0.5
 * @param k              neighbours the candidate chose
 * @param offPolicy      the candidate's off-policy estimate on the held-out decisions, or null without propensities
 *                       or costs; errors above are weighted by inverse propensity, as training is
 */
public record HeldOutReport(int trainRows, int heldOutRows, int judged, double candidateBrier, double staticBrier,
        double currentBrier, double candidateHits, int k, OffPolicyEstimate offPolicy) {

    public HeldOutReport(int trainRows, int heldOutRows, int judged, double candidateBrier, double staticBrier,
            double currentBrier, double candidateHits, int k) {
        this(trainRows, heldOutRows, judged, candidateBrier, staticBrier, currentBrier, candidateHits, k, null);
    }

    /** The candidate predicts held-out outcomes at least as well as both the static rates and the live artifact. */
    public boolean candidateNoWorse() {
        return candidateBrier <= staticBrier && (Double.isNaN(currentBrier) || candidateBrier <= currentBrier);
    }

    public List<String> lines() {
        var lines = new java.util.ArrayList<>(List.of(
                String.format(Locale.ROOT, "held out: the newest %d of %d labelled decisions (%d outcomes); trained on %d",
                        heldOutRows, trainRows + heldOutRows, judged, trainRows),
                String.format(Locale.ROOT, "  candidate kNN (k=%d)      Brier %.4f, right side of 0.5: %.1f%%", k, candidateBrier,
                        100 * candidateHits),
                String.format(Locale.ROOT, "  per-target success rate  Brier %.4f (a fixed quality per target)", staticBrier),
                Double.isNaN(currentBrier) ? "  current artifact          none given (--current)"
                        : String.format(Locale.ROOT, "  current artifact         Brier %.4f", currentBrier),
                candidateNoWorse() ? "  verdict: the candidate predicts held-out outcomes no worse than what routes now"
                        : "  verdict: the candidate is WORSE on held-out outcomes; do not roll it out"));
        if (offPolicy != null) lines.addAll(offPolicy.lines());
        return lines;
    }
}
