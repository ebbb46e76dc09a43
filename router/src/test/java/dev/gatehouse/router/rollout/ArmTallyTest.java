package dev.gatehouse.router.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.gatehouse.router.decisionlog.Outcome;
import dev.gatehouse.router.escalation.Cost;
import dev.gatehouse.router.feedback.Feedback;
import dev.gatehouse.router.features.RequestFeatures;
import dev.gatehouse.router.policy.CapacitySnapshot;
import dev.gatehouse.router.policy.Decision;
import dev.gatehouse.router.privacy.DataClass;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** The per-arm totals a verdict reads, counted from many request threads at once without a lock. */
class ArmTallyTest {
    private static final double[] SCORES = {0, 0.25, 0.5, 0.75, 1};

    private static Decision decision(String arm) {
        return new Decision("d", "small", List.of(), List.of(), List.of(), List.of(), 0, 0, null,
                RequestFeatures.of("coding", 0.5, DataClass.PUBLIC, 10),
                new CapacitySnapshot(Instant.parse("2026-12-07T00:00:00Z"), Map.of(), Map.of())).withTrial(arm, null);
    }

    @Test
    void scoresAndCostsFromManyThreadsAddUpExactlyPerArm() throws Exception {
        ArmTally tally = new ArmTally();
        int threads = 8, each = 5_000;
        Decision candidate = decision("candidate");
        Decision live = decision("live");
        String candidateLine = "candidate";
        Outcome served = new Outcome(false, "small", 200, 10, 1, 10, 10, 1, null, Cost.of("0.002"));
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> running = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            running.add(Thread.ofPlatform().start(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                for (int i = 0; i < each; i++) {
                    tally.finished(candidate, served, false);
                    tally.finished(live, served, false);
                    tally.feedback(candidateLine, Optional.empty(), SCORES[i % SCORES.length]);
                }
            }));
        }
        start.countDown();
        for (Thread t : running) t.join();

        ArmEvidence c = tally.evidence(RolloutArm.CANDIDATE);
        long n = (long) threads * each;
        assertThat(c.scored()).isEqualTo(n);
        assertThat(c.requests()).isEqualTo(n);
        assertThat(c.scoreSum()).isCloseTo(n * 0.5, within(1e-6)); // 0, .25, .5, .75, 1 in equal numbers
        assertThat(c.scoreSquares()).isCloseTo(n * 0.375, within(1e-6)); // (0 + .0625 + .25 + .5625 + 1) / 5
        assertThat(c.cost()).isCloseTo(n * 0.002, within(1e-9));
        assertThat(c.costPerRequest()).isCloseTo(0.002, within(1e-12));
        ArmEvidence l = tally.evidence(RolloutArm.LIVE);
        assertThat(l.requests()).isEqualTo(n);
        assertThat(l.scored()).as("feedback went to the candidate only").isZero();
    }

    @Test
    void anArmsMeanAndSpreadComeFromItsScores() {
        ArmTally tally = new ArmTally();
        for (double s : new double[] {0.2, 0.4, 0.6}) tally.feedback("live", Optional.empty(), s);
        tally.feedback("live", Optional.empty(), null); // a label without a score
        tally.feedback("an-arm-of-another-version", Optional.empty(), 1.0);

        ArmEvidence live = tally.evidence(RolloutArm.LIVE);
        assertThat(live.scored()).isEqualTo(3);
        assertThat(live.meanScore()).isCloseTo(0.4, within(1e-9));
        // .2, .4, .6 with the pseudo-scores 0 and 1: mean .44, ((.24)² + (.04)² + (.16)² + (.44)² + (.56)²) / 4
        assertThat(live.scoreVariance()).isCloseTo(0.592 / 4, within(1e-9));
        assertThat(live.scoreStandardError()).isCloseTo(Math.sqrt(0.592 / 4 / 3), within(1e-9));
        assertThat(tally.evidence(RolloutArm.CANDIDATE)).isEqualTo(ArmEvidence.NONE);
    }

    @Test
    void aRepeatedJudgementReplacesTheDecisionsEarlierScoreInsteadOfCountingTwice() {
        ArmTally tally = new ArmTally();
        String line = "candidate";
        tally.feedback(line, Optional.empty(), 1.0);
        Feedback first = new Feedback("d", 1.0, null, null, null, Instant.EPOCH);
        tally.feedback(line, Optional.of(first), 1.0); // the same score sent again
        ArmEvidence again = tally.evidence(RolloutArm.CANDIDATE);
        assertThat(again.scored()).isEqualTo(1);
        assertThat(again.scoreSum()).isEqualTo(1.0);

        Feedback second = new Feedback("d", 1.0, null, null, null, Instant.EPOCH);
        tally.feedback(line, Optional.of(second), 0.25); // a corrected score
        assertThat(tally.evidence(RolloutArm.CANDIDATE).scoreSum()).isEqualTo(0.25);
        assertThat(tally.evidence(RolloutArm.CANDIDATE).scoreSquares()).isEqualTo(0.0625);

        Feedback third = new Feedback("d", 0.25, null, null, null, Instant.EPOCH);
        tally.feedback(line, Optional.of(third), null); // a preferred target only: the decision has no score now
        assertThat(tally.evidence(RolloutArm.CANDIDATE)).isEqualTo(ArmEvidence.NONE);
    }
}
