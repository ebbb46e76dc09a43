package dev.gatehouse.router.eval;

import dev.gatehouse.router.learning.OffPolicyEstimate;

/**
 * One candidate's evidence for promotion: its canary outcomes beside the live arm's over the rounds it served, and,
 * where the log has explored decisions, the off-policy estimate of the same difference on held-out decisions.
 *
 * <p>The question is non-inferiority against a fixed reference: is the candidate's quality at least (1 − margin) of
 * the reference (the quality of the policy before any promotion, all to the strongest target)? Against the live arm
 * alone, each promotion could lose another 5% and the losses would add up. Let d be
 * candidate − live quality. The canary gives d_c with standard error s_c (difference of two independent means); the
 * off-policy estimate gives d_o with s_o (paired, doubly robust, on decisions logged before the canary, so the two
 * are independent). They estimate the same d, so they are pooled by inverse variance: d = (d_c/s_c² + d_o/s_o²) /
 * (1/s_c² + 1/s_o²), with 1/s² = 1/s_c² + 1/s_o². With L the live arm's mean and R the reference, the candidate
 * may lose at most L − (1 − margin)·R: promoted when the lower bound d − 2.24·s (one-sided 95% over up to four
 * looks, Bonferroni) is at or above −(L − (1 − margin)·R); rejected when the upper bound d + 1.645·s is below it; otherwise it keeps collecting. The
 * off-policy term counts only once it is {@link OffPolicyEstimate#trusted}; without exploration there is none and
 * this is the canary test alone.
 */
final class CanaryEvidence {
    /** One-sided 95%: enough to reject, since rejecting a good candidate only costs a round. */
    private static final double Z95 = 1.645;
    /**
     * Promotion is looked at after every round a candidate serves, and a candidate serves up to about four rounds
     * before the feedback doubles and a fresher one replaces it: Bonferroni over four looks, one-sided 5%/4 = 1.25%
     * per look. At 1.645 per look a candidate near the floor is promoted by one lucky canary round.
     */
    private static final double Z_PROMOTE = 2.24;
    private final double margin;
    private final double reference;
    private final OffPolicyEstimate offPolicy;
    private int canary, live;
    private double canarySum, canarySquares, liveSum, liveSquares;

    /**
     * @param reference the quality the candidate must stay within {@code margin} of, NaN for the live arm's own
     * @param offPolicy the held-out off-policy estimate of the candidate, or null to use the canary alone
     */
    CanaryEvidence(double margin, double reference, OffPolicyEstimate offPolicy) {
        this.margin = margin;
        this.reference = reference;
        this.offPolicy = offPolicy;
    }

    void canary(double outcome) {
        canary++;
        canarySum += outcome;
        canarySquares += outcome * outcome;
    }

    void live(double outcome) {
        live++;
        liveSum += outcome;
        liveSquares += outcome * outcome;
    }

    /** The pooled difference and its standard error; NaN where there is no evidence yet. */
    record Pooled(double difference, double se, double liveMean) {}

    Pooled pooled() {
        double l = live == 0 ? Double.NaN : liveSum / live;
        double precision = 0, weighted = 0;
        if (canary >= 2 && live >= 2) {
            double c = canarySum / canary;
            double se2 = variance(canarySquares, c, canary) / canary + variance(liveSquares, l, live) / live;
            se2 = Math.max(se2, 1e-6); // a perfect score on both arms still leaves the sample's own uncertainty
            precision += 1 / se2;
            weighted += (c - l) / se2;
        }
        if (offPolicy != null && offPolicy.trusted()) {
            double se2 = offPolicy.differenceSe() * offPolicy.differenceSe();
            precision += 1 / se2;
            weighted += offPolicy.difference() / se2;
        }
        if (precision == 0) return new Pooled(Double.NaN, Double.NaN, l);
        return new Pooled(weighted / precision, Math.sqrt(1 / precision), l);
    }

    /** @param heldOutNoWorse the candidate's held-out report: a worse forecast is rejected before any canary */
    String verdict(boolean heldOutNoWorse) {
        if (!heldOutNoWorse) return "rejected";
        Pooled p = pooled();
        if (Double.isNaN(p.difference()) || Double.isNaN(p.liveMean())) return "collecting";
        double bound = Double.isNaN(reference) ? -margin * p.liveMean() : (1 - margin) * reference - p.liveMean();
        if (p.difference() - Z_PROMOTE * p.se() >= bound) return "promoted";
        if (p.difference() + Z95 * p.se() < bound) return "rejected";
        return "collecting";
    }

    private static double variance(double squares, double mean, int n) {
        return Math.max(0, squares / n - mean * mean) * n / (n - 1);
    }
}
