package dev.gatehouse.router.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.router.rollout.CanaryVerdict.Advice;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class CanaryVerdictTest {

    /** {@code n} scores cycling through {@code pattern}, and {@code n} requests costing {@code costEach}. */
    static ArmEvidence arm(int n, double costEach, double... pattern) {
        double sum = 0, squares = 0;
        for (int i = 0; i < n; i++) {
            double s = pattern[i % pattern.length];
            sum += s;
            squares += s * s;
        }
        return new ArmEvidence(n, n * costEach, n, sum, squares);
    }

    record Case(String name, ArmEvidence live, ArmEvidence candidate, double bar, Advice expected, String reason) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("withNoScoresAtAllItContinuesAndAsksForTheMinimumOnEachArm", ArmEvidence.NONE,
                        ArmEvidence.NONE, 0.95, Advice.CONTINUE, "no scored feedback yet"),
                new Case("anArmBelowTheMinimumContinuesHoweverClearTheOtherArmIs", arm(500, 0, 0.9, 0.8),
                        arm(19, 0, 0.1), 0.95, Advice.CONTINUE, "too few scores yet (live 500, candidate 19)"),
                new Case("aCandidateAsGoodAsLiveOnFourHundredScoresIsNotYetPromoted", arm(400, 0, 1, 1, 1, 0),
                        arm(400, 0, 1, 1, 1, 0), 0.95, Advice.CONTINUE, "above the floor 0.712"),
                new Case("aSomewhatBetterCandidateOnAThousandScoresIsPromoted", arm(1000, 0, 1, 1, 1, 0),
                        arm(1000, 0, 1, 1, 1, 1, 0), 0.95, Advice.PROMOTE, "clears the floor 0.712 (95% of the live"),
                new Case("aCandidateWellBelowTheFloorIsRolledBack", arm(200, 0, 1, 1, 1, 0), arm(200, 0, 1, 0), 0.95,
                        Advice.ROLL_BACK, "is below the floor 0.712"),
                new Case("aCandidateAboveTheFloorOnFewScoresContinues", arm(40, 0, 1, 1, 1, 0), arm(40, 0, 1, 1, 1, 0),
                        0.95, Advice.CONTINUE, "above the floor 0.712 (95% of the live arm's 0.750) but its lower bound"),
                new Case("aCandidateBelowTheFloorOnFewScoresContinues", arm(40, 0, 1, 1, 1, 0), arm(40, 0, 1, 1, 0),
                        0.95, Advice.CONTINUE, "below the floor 0.712 (95% of the live arm's 0.750) but its upper bound"),
                new Case("twentyPerfectScoresOnEachArmAreNotYetProof", arm(20, 0, 1), arm(20, 0, 1), 0.95,
                        Advice.CONTINUE, "lower bound"),
                new Case("twoHundredPerfectScoresOnEachArmArePromoted", arm(200, 0, 1), arm(200, 0, 1), 0.95,
                        Advice.PROMOTE, "clears the floor 0.950"),
                new Case("armsThatAllScoredZeroSitOnTheFloorAndMayNeverSettle", arm(100, 0, 0), arm(100, 0, 0), 0.95,
                        Advice.CONTINUE, "it sits on the floor, so more scores may never settle it"),
                new Case("aLowerBarPromotesWhatTheDefaultBarDoesNot", arm(200, 0, 1, 1, 1, 0), arm(200, 0, 1, 1, 0),
                        0.7, Advice.PROMOTE, "(70% of the live arm's 0.750)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void theVerdictFollowsTheBoundsAgainstTheFloor(Case c) {
        CanaryVerdict verdict = CanaryVerdict.of(c.live(), c.candidate(), c.bar());

        assertThat(verdict.advice()).as(verdict.reason()).isEqualTo(c.expected());
        assertThat(verdict.reason()).contains(c.reason());
        if (verdict.advice() == Advice.PROMOTE) assertThat(verdict.lowerBound()).isGreaterThanOrEqualTo(verdict.floor());
        if (verdict.advice() == Advice.ROLL_BACK) assertThat(verdict.upperBound()).isLessThan(verdict.floor());
    }

    @Test
    void belowTheMinimumTheMissingScoresOfBothArmsAreCounted() {
        assertThat(CanaryVerdict.of(ArmEvidence.NONE, ArmEvidence.NONE, 0.95).moreScoredNeeded()).isEqualTo(40);
        assertThat(CanaryVerdict.of(arm(500, 0, 1), arm(5, 0, 1), 0.95).moreScoredNeeded()).isEqualTo(15);
    }

    @Test
    void theMinimumIsWhereOneScoreCanNoLongerMoveAMeanByTheWholeMargin() {
        assertThat(CanaryVerdict.minimumScored(0.95)).isEqualTo(20);
        assertThat(CanaryVerdict.minimumScored(0.99)).isEqualTo(100);
        assertThat(CanaryVerdict.minimumScored(0.9)).isEqualTo(10);
        assertThat(CanaryVerdict.minimumScored(0.2)).as("never below two, for a variance").isEqualTo(2);
    }

    @Test
    void theEstimateOfMoreScoresSettlesItWhenTheScoresKeepTheirSpread() {
        ArmEvidence live = arm(60, 0, 1, 1, 1, 0);
        ArmEvidence candidate = arm(60, 0, 1, 1, 1, 0);
        CanaryVerdict now = CanaryVerdict.of(live, candidate, 0.95);
        assertThat(now.advice()).isEqualTo(Advice.CONTINUE);
        long more = now.moreScoredNeeded();

        double enough = (120.0 + more) / 120;
        assertThat(CanaryVerdict.of(grown(live, enough), grown(candidate, enough), 0.95).advice())
                .isEqualTo(Advice.PROMOTE);
        double half = (120.0 + more / 2.0) / 120;
        assertThat(CanaryVerdict.of(grown(live, half), grown(candidate, half), 0.95).advice())
                .as("the estimate is not far more than needed").isEqualTo(Advice.CONTINUE);
    }

    private static ArmEvidence grown(ArmEvidence arm, double factor) {
        long n = Math.round(arm.scored() * factor);
        double k = (double) n / arm.scored();
        return new ArmEvidence(n, arm.cost() * k, n, arm.scoreSum() * k, arm.scoreSquares() * k);
    }

    @Test
    void theBoundsWidenAtFirstAndThenGrowOnlySlowlyWithTheEvidence() {
        assertThat(CanaryVerdict.z(20, 20)).isCloseTo(3.656, within(0.001));
        assertThat(CanaryVerdict.z(200, 20)).isCloseTo(3.038, within(0.001));
        assertThat(CanaryVerdict.z(2_000, 20)).isCloseTo(3.273, within(0.001));
        assertThat(CanaryVerdict.z(200_000, 20)).isLessThan(4);
    }

    /**
     * An operator may read the status after every request: replayed Bernoulli scores (fixed seeds), the verdict read
     * after each pair, the first advice other than continue counted. The bounds must hold their 5% over all looks.
     */
    @Test
    void readAfterEveryScoreTheVerdictRarelyPromotesACandidateAtTheFloorOrRollsBackAnEqualOne() {
        assertThat(firstAdvice(0.8, 0.76, Advice.PROMOTE)).as("promoted at the floor").isLessThanOrEqualTo(0.05);
        assertThat(firstAdvice(0.8, 0.8, Advice.ROLL_BACK)).as("an equal one rolled back").isLessThanOrEqualTo(0.05);
        assertThat(firstAdvice(0.8, 0.6, Advice.ROLL_BACK)).as("a much worse one rolled back").isGreaterThan(0.95);
    }

    /** The share of 200 runs, up to 1,000 scores per arm, whose first advice other than continue is {@code advice}. */
    private static double firstAdvice(double live, double candidate, Advice advice) {
        int hits = 0;
        for (int run = 0; run < 200; run++) {
            java.util.Random random = new java.util.Random(run);
            long l = 0, c = 0;
            for (int n = 1; n <= 1_000; n++) {
                l += random.nextDouble() < live ? 1 : 0;
                c += random.nextDouble() < candidate ? 1 : 0;
                Advice first = CanaryVerdict.of(new ArmEvidence(n, 0, n, l, l), new ArmEvidence(n, 0, n, c, c), 0.95)
                        .advice();
                if (first != Advice.CONTINUE) {
                    if (first == advice) hits++;
                    break;
                }
            }
        }
        return hits / 200.0;
    }

    @Test
    void theCostSavingIsTheCandidatesShareLessPerRequest() {
        CanaryVerdict v = CanaryVerdict.of(arm(1000, 0.002, 1, 1, 1, 0), arm(1000, 0.0012, 1, 1, 1, 1, 0), 0.95);
        assertThat(CanaryVerdict.costSaving(v.live(), v.candidate())).isCloseTo(0.4, within(1e-9));
        assertThat(v.reason()).endsWith("it costs 40% less per request");
        assertThat(CanaryVerdict.costSaving(arm(10, 0, 1), arm(10, 0.001, 1))).as("nothing to save on").isNaN();
    }

    @Test
    void theJsonCarriesTheAdviceTheFiguresAndNullsWhereThereAreNone() {
        ObjectNode body = new ObjectMapper().createObjectNode();
        CanaryVerdict.of(arm(1000, 0.002, 1, 1, 1, 0), arm(1000, 0.0012, 1, 1, 1, 1, 0), 0.95).describe(body);
        var v = body.get("verdict");
        assertThat(v.get("advice").asText()).isEqualTo("promote");
        assertThat(v.get("floor").asDouble()).isCloseTo(0.7125, within(1e-9));
        assertThat(v.at("/candidate/meanScore").asDouble()).isCloseTo(0.8, within(1e-9));
        assertThat(v.at("/live/costPerRequest").asDouble()).isCloseTo(0.002, within(1e-12));
        assertThat(v.get("costSaving").asDouble()).isCloseTo(0.4, within(1e-9));
        assertThat(v.get("lowerBound").asDouble()).isGreaterThan(0.7125);
        assertThat(v.get("moreScoredNeeded").isNull()).isTrue();

        ObjectNode empty = new ObjectMapper().createObjectNode();
        CanaryVerdict.of(ArmEvidence.NONE, ArmEvidence.NONE, 0.95).describe(empty);
        assertThat(empty.at("/verdict/advice").asText()).isEqualTo("continue");
        assertThat(empty.at("/verdict/floor").isNull()).isTrue();
        assertThat(empty.at("/verdict/live/meanScore").isNull()).isTrue();
        assertThat(empty.at("/verdict/moreScoredNeeded").asLong()).isEqualTo(40);
    }

    @Test
    void aBarOutsideZeroToOneIsRefused() {
        assertThatThrownBy(() -> CanaryVerdict.of(ArmEvidence.NONE, ArmEvidence.NONE, 1.0))
                .hasMessage("qualityBar must be above 0 and below 1, was 1.0");
    }

    @Test
    void aFixedReferenceKeepsTheFloorWhereALiveArmThatLostQualityWouldHaveLoweredIt() {
        ArmEvidence live = arm(10_000, 0.002, 1, 1, 1, 0); // 0.75 after an earlier promotion lost quality
        ArmEvidence candidate = arm(10_000, 0.001, 1, 1, 1, 0);

        CanaryVerdict againstLive = CanaryVerdict.of(live, candidate, 0.95);
        assertThat(againstLive.advice()).as("95% of 0.75 lets the same quality through again").isEqualTo(Advice.PROMOTE);

        CanaryVerdict againstReference = CanaryVerdict.of(live, candidate, 0.95, 0.85);
        assertThat(againstReference.floor()).isCloseTo(0.8075, within(1e-9));
        assertThat(againstReference.advice()).isEqualTo(Advice.ROLL_BACK);
        assertThat(againstReference.reason()).contains("95% of the reference score 0.850",
                "the live arm's mean is 0.750");
        assertThat(againstReference.gapStandardError()).as("a fixed floor carries no error of its own")
                .isCloseTo(candidate.scoreStandardError(), within(1e-12));
    }

    @Test
    void withAFixedReferenceOnlyTheCandidateNeedsScores() {
        CanaryVerdict v = CanaryVerdict.of(ArmEvidence.NONE, arm(1000, 0, 1, 1, 1, 1, 0), 0.95, 0.75);
        assertThat(v.floor()).isCloseTo(0.7125, within(1e-9));
        assertThat(v.advice()).isEqualTo(Advice.PROMOTE);
        assertThat(CanaryVerdict.of(ArmEvidence.NONE, arm(19, 0, 1), 0.95, 0.75).reason())
                .contains("the candidate needs 20 scored requests", "at least 1 more");
        ObjectNode body = new ObjectMapper().createObjectNode();
        v.describe(body);
        assertThat(body.at("/verdict/referenceScore").asDouble()).isEqualTo(0.75);
        assertThatThrownBy(() -> CanaryVerdict.of(ArmEvidence.NONE, ArmEvidence.NONE, 0.95, 1.5))
                .hasMessage("referenceScore must be above 0 and at most 1, was 1.5");
    }
}
