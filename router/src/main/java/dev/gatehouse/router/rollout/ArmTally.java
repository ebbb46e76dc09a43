package dev.gatehouse.router.rollout;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.router.decisionlog.Outcome;
import dev.gatehouse.router.feedback.Feedback;
import dev.gatehouse.router.metrics.GatehouseMetrics;
import dev.gatehouse.router.policy.Decision;
import dev.gatehouse.router.shadow.ShadowDecider;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;

/**
 * What each rollout arm did, counted as requests finish: served requests, their latency, cost and escalations, and
 * the feedback that came back for them; and how often the shadow policy would have chosen another target. Counts
 * of requests and judgements only grow (Prometheus counters); the score sums follow each decision's latest
 * judgement (gauges); averages are for the reader to take.
 */
public final class ArmTally {

    /** One arm's running totals. */
    static final class Counts {
        final LongAdder requests = new LongAdder();
        final LongAdder latencyMs = new LongAdder();
        final LongAdder costNanos = new LongAdder();
        final LongAdder escalations = new LongAdder();
        final LongAdder errors = new LongAdder();
        /** Judgements received, repeats included. */
        final LongAdder feedback = new LongAdder();
        /** Decisions whose latest judgement has a score; with the sums below it falls when a score is replaced. */
        final LongAdder scored = new LongAdder();
        /** Scores are 0..1; kept in millionths so that a LongAdder can sum them without a lock. */
        final LongAdder scoreMillionths = new LongAdder();
        /** Their squares, likewise: with the count and the sum they give the spread a verdict needs. */
        final LongAdder scoreSquareMillionths = new LongAdder();

        /** Adds ({@code sign} 1) or takes back ({@code sign} -1) one decision's score. */
        void addScore(double score, int sign) {
            scored.add(sign);
            scoreMillionths.add(sign * Math.round(score * 1_000_000));
            scoreSquareMillionths.add(sign * Math.round(score * score * 1_000_000));
        }
    }

    private final Map<RolloutArm, Counts> arms = new EnumMap<>(RolloutArm.class);
    private final LongAdder shadowDecisions = new LongAdder();
    private final LongAdder shadowDiffers = new LongAdder();

    public ArmTally() {
        for (RolloutArm arm : RolloutArm.values()) arms.put(arm, new Counts());
    }

    /**
     * One finished request. Dry runs ({@code /v1/route}) are not traffic and are not counted.
     *
     * @param escalated whether a provider outside the premises answered it
     */
    public void finished(Decision decision, Outcome outcome, boolean escalated) {
        if (outcome.dryRun()) return;
        if (decision.shadow() != null) {
            shadowDecisions.increment();
            if (ShadowDecider.differs(decision)) shadowDiffers.increment();
        }
        RolloutArm arm = arm(decision.arm());
        if (arm == null) return;
        Counts c = arms.get(arm);
        c.requests.increment();
        c.latencyMs.add(Math.max(0, outcome.latencyMs()));
        if (outcome.cost() != null) c.costNanos.add(outcome.cost().nanos());
        if (escalated) c.escalations.increment();
        if (outcome.status() >= 400) c.errors.increment();
    }

    /**
     * A judgement of a logged decision, counted for the arm the log line names (none without a rollout). The latest
     * judgement of a decision is the one that counts: a second score for the same decision replaces the first in the
     * score sums instead of being added beside it, so repeating feedback cannot inflate a verdict's evidence.
     *
     * @param armName  the arm the decision log names for the decision ({@code decision.arm}), or null
     * @param replaced the earlier judgement of the same decision that this tally counted, if any
     * @param score    0..1, or null for a label or a preferred target only
     */
    public void feedback(String armName, Optional<Feedback> replaced, Double score) {
        RolloutArm arm = arm(armName);
        if (arm == null) return;
        Counts c = arms.get(arm);
        c.feedback.increment();
        replaced.map(Feedback::score).ifPresent(earlier -> c.addScore(earlier, -1));
        if (score != null) c.addScore(score, 1);
    }

    /** Counters labelled {@code arm="live"} and {@code arm="candidate"}, read when scraped. */
    public void register(GatehouseMetrics metrics) {
        for (RolloutArm arm : RolloutArm.values()) {
            Counts c = arms.get(arm);
            String a = arm.wireName();
            metrics.counter("gatehouse.rollout.requests", "Served requests by rollout arm", "arm", a,
                    c.requests::sum);
            metrics.counter("gatehouse.rollout.latency.ms", "Summed request latency by rollout arm "
                    + "(divide by requests for the mean)", "arm", a, c.latencyMs::sum);
            metrics.counter("gatehouse.rollout.cost.nanos", "Summed cost by rollout arm, in billionths of the "
                    + "policy's currency", "arm", a, c.costNanos::sum);
            metrics.counter("gatehouse.rollout.escalations", "Requests a provider answered, by rollout arm", "arm",
                    a, c.escalations::sum);
            metrics.counter("gatehouse.rollout.errors", "Requests answered with an error status, by rollout arm",
                    "arm", a, c.errors::sum);
            metrics.counter("gatehouse.rollout.feedback", "Feedback received, by rollout arm", "arm", a,
                    c.feedback::sum);
            // Gauges, not counters: a repeated judgement replaces a score, so these can fall.
            metrics.gauge("gatehouse.rollout.feedback.scored", "Decisions whose latest feedback has a score, by "
                    + "rollout arm", "arm", a, c.scored::sum);
            metrics.gauge("gatehouse.rollout.feedback.score.millionths", "Summed latest feedback scores (0..1) "
                    + "in millionths, by rollout arm (divide by scored for the mean)", "arm", a, c.scoreMillionths::sum);
            metrics.gauge("gatehouse.rollout.feedback.score.square.millionths", "Summed squared latest feedback "
                    + "scores in millionths, by rollout arm (with scored and the sum: the spread)", "arm", a,
                    c.scoreSquareMillionths::sum);
        }
        metrics.counter("gatehouse.shadow.decisions", "Served requests the shadow policy decided beside", null, null,
                shadowDecisions::sum);
        metrics.counter("gatehouse.shadow.differs", "Of those, how many the shadow would have sent elsewhere", null,
                null, shadowDiffers::sum);
    }

    /**
     * One arm's totals now, for {@link CanaryVerdict}. Read counter by counter without a lock (see
     * {@link ArmEvidence}); the count is read first, so a score landing meanwhile may add to the sums but not the count.
     */
    public ArmEvidence evidence(RolloutArm arm) {
        Counts c = arms.get(arm);
        long scored = c.scored.sum();
        return new ArmEvidence(c.requests.sum(), c.costNanos.sum() / 1e9, scored, c.scoreMillionths.sum() / 1e6,
                c.scoreSquareMillionths.sum() / 1e6);
    }

    /** Both arms side by side with their means, for {@code GET /v1/admin/rollout}. */
    public void describe(ObjectNode into) {
        ObjectNode byArm = into.putObject("arms");
        for (RolloutArm arm : RolloutArm.values()) {
            Counts c = arms.get(arm);
            long n = c.requests.sum();
            long scored = c.scored.sum();
            ObjectNode a = byArm.putObject(arm.wireName());
            a.put("requests", n);
            a.put("meanLatencyMs", n == 0 ? null : (double) c.latencyMs.sum() / n);
            a.put("cost", c.costNanos.sum() / 1e9);
            a.put("meanCost", n == 0 ? null : c.costNanos.sum() / 1e9 / n);
            a.put("escalations", c.escalations.sum());
            a.put("escalationRate", n == 0 ? null : (double) c.escalations.sum() / n);
            a.put("errors", c.errors.sum());
            a.put("feedback", c.feedback.sum());
            a.put("scored", scored);
            a.put("meanScore", scored == 0 ? null : c.scoreMillionths.sum() / 1e6 / scored);
        }
        into.putObject("shadowCounts").put("decisions", shadowDecisions.sum()).put("differs", shadowDiffers.sum());
    }

    private static RolloutArm arm(String wireName) {
        if (wireName == null) return null;
        try {
            return RolloutArm.valueOf(wireName.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null; // a line written by another version: not counted rather than miscounted
        }
    }
}
