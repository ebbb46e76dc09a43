package dev.gatehouse.router.eval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.router.learning.OffPolicyEstimate;
import org.junit.jupiter.api.Test;

/** The canary verdict: canary and off-policy evidence pooled by inverse variance against a fixed reference. */
class CanaryEvidenceTest {

    /** n canary outcomes with the given share of successes, and 4n live ones at the live share. */
    private static CanaryEvidence evidence(double reference, OffPolicyEstimate offPolicy, int n, double canary,
            double live) {
        var e = new CanaryEvidence(0.05, reference, offPolicy);
        for (int i = 0; i < n; i++) e.canary(i < Math.round(canary * n) ? 1 : 0);
        for (int i = 0; i < 4 * n; i++) e.live(i < Math.round(live * 4 * n) ? 1 : 0);
        return e;
    }

    private static OffPolicyEstimate offPolicy(int matched, double difference, double se) {
        return new OffPolicyEstimate(400, 40, matched, 0.8 + difference, 0.8, difference, se, 0.001, 0.002);
    }

    @Test
    void aSmallCanaryAsGoodAsLiveKeepsCollecting() {
        assertThat(evidence(0.8, null, 40, 0.8, 0.8).verdict(true)).isEqualTo("collecting");
    }

    @Test
    void aTrustedOffPolicyEstimateThatAgreesNarrowsTheIntervalEnoughToPromote() {
        var pooled = evidence(0.8, offPolicy(60, 0.0, 0.01), 40, 0.8, 0.8);
        assertThat(pooled.pooled().se()).isLessThan(evidence(0.8, null, 40, 0.8, 0.8).pooled().se());
        assertThat(pooled.verdict(true)).isEqualTo("promoted");
    }

    @Test
    void anOffPolicyEstimateOnTooFewMatchedDecisionsIsNotEvidence() {
        var few = evidence(0.8, offPolicy(OffPolicyEstimate.MIN_MATCHED - 1, 0.0, 0.01), 40, 0.8, 0.8);
        assertThat(few.pooled()).isEqualTo(evidence(0.8, null, 40, 0.8, 0.8).pooled());
        assertThat(few.verdict(true)).isEqualTo("collecting");
    }

    @Test
    void aCanaryClearlyBelowNinetyFivePercentOfTheReferenceIsRejected() {
        assertThat(evidence(0.8, null, 200, 0.6, 0.8).verdict(true)).isEqualTo("rejected");
    }

    @Test
    void theReferenceIsFixedSoALiveArmAlreadyAtTheFloorLeavesNoRoomToLoseMore() {
        // live already lost 5% of the reference: a candidate equal to it cannot be shown to stay above the floor
        assertThat(evidence(0.8, offPolicy(60, 0.0, 0.01), 400, 0.76, 0.76).verdict(true)).isNotEqualTo("promoted");
        assertThat(evidence(Double.NaN, offPolicy(60, 0.0, 0.01), 400, 0.76, 0.76).verdict(true))
                .as("against the live arm alone it would pass").isEqualTo("promoted");
    }

    @Test
    void aCandidateWhoseHeldOutForecastIsWorseIsRejectedBeforeAnyCanary() {
        assertThat(evidence(0.8, null, 0, 0, 0).verdict(false)).isEqualTo("rejected");
    }
}
