package dev.gatehouse.router.rollout;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;

/**
 * Whether the candidate is demonstrably within the quality bar, demonstrably below it, or not yet known: a pure
 * function of the two arms' tallies and the bar, the live counterpart of the lab's canary simulation
 * ({@code eval.CanaryEvidence}, explained in docs/BENCHMARKS.md). It is advice; nothing acts on it.
 *
 * <p>The floor is {@code qualityBar} × the live arm's mean score. The test is on g = candidate mean − floor, whose
 * standard error is √(s_c² + bar²·s_l²) (the floor carries the live mean's own error, scaled by the bar). Promote
 * when the candidate's lower bound, mean − z·s, is at or above the floor; roll back when its upper bound, mean +
 * 1.645·s, is below it (one-sided 95%: advising a rollback of a good candidate costs a retry, promoting a worse one
 * costs every caller); otherwise continue.
 *
 * <p>An operator can read the status at any time, so the promotion bound pays for repeated looks (Bonferroni, as
 * the simulation does over its four rounds, but with no fixed number of looks): a look is counted each time the
 * smaller arm's scored count doubles from the minimum, and look k spends 5%/(k(k+1)) of the error, which sums to
 * 5% over any number of looks (1/(k(k+1)) = 1/k − 1/(k+1)). Look 1 is z = 1.96, look 2 2.39, look 4 2.81, look 10
 * 3.32. Reading the status several times within one doubling re-reads nearly the same evidence.
 */
public record CanaryVerdict(
        Advice advice, String reason, double qualityBar, long minimumScored, ArmEvidence live, ArmEvidence candidate,
        double floor, double gapStandardError, int look, double promoteZ, double lowerBound, double upperBound,
        Long moreScoredNeeded) {

    /** What the operator is advised to do. */
    public enum Advice {
        PROMOTE("promote"), ROLL_BACK("rollBack"), CONTINUE("continue");

        private final String wireName;

        Advice(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }
    }

    public static final double DEFAULT_QUALITY_BAR = 0.95;
    /** The whole error a promotion may spend over every look, one-sided. */
    static final double PROMOTE_ERROR = 0.05;
    static final double ROLL_BACK_Z = 1.645;

    /**
     * Scored requests each arm needs before any verdict: 1/(1 − bar), so that no single score (0..1) can move an
     * arm's mean by more than the whole margin the bar allows ((1 − bar) of a mean of at most 1). Below it the normal
     * approximation the bounds rest on says nothing yet. 20 at the default 0.95, 100 at 0.99; at least 2 for a
     * variance.
     */
    public static long minimumScored(double qualityBar) {
        return Math.max(2, (long) Math.ceil(1 / (1 - qualityBar) - 1e-9));
    }

    /**
     * The verdict on the tallies as they are.
     *
     * @param qualityBar the share of the live arm's mean the candidate must keep, in (0, 1)
     */
    public static CanaryVerdict of(ArmEvidence live, ArmEvidence candidate, double qualityBar) {
        if (!(qualityBar > 0 && qualityBar < 1)) {
            throw new IllegalArgumentException("qualityBar must be above 0 and below 1, was " + qualityBar);
        }
        long min = minimumScored(qualityBar);
        if (live.scored() < min || candidate.scored() < min) {
            long more = Math.max(0, min - live.scored()) + Math.max(0, min - candidate.scored());
            String reason = (live.scored() + candidate.scored() == 0 ? "no scored feedback yet"
                    : "too few scores yet (live " + live.scored() + ", candidate " + candidate.scored() + ")")
                    + ": each arm needs " + min + " scored requests before a verdict, so that no single score can "
                    + "move its mean by more than the " + percent(1 - qualityBar) + " the bar allows; at least "
                    + more + " more";
            return new CanaryVerdict(Advice.CONTINUE, reason, qualityBar, min, live, candidate,
                    live.scored() == 0 ? Double.NaN : qualityBar * live.meanScore(), Double.NaN, 0, Double.NaN,
                    Double.NaN, Double.NaN, more);
        }
        double floor = qualityBar * live.meanScore();
        double c = candidate.meanScore();
        double se = gapStandardError(live, candidate, qualityBar, 1);
        int look = look(Math.min(live.scored(), candidate.scored()), min);
        double z = promoteZ(look);
        double lower = c - z * se;
        double upper = c + ROLL_BACK_Z * se;
        String figures = " (" + percent(qualityBar) + " of the live arm's " + fmt(live.meanScore()) + ")";
        if (lower >= floor) {
            return new CanaryVerdict(Advice.PROMOTE, "the candidate's lower bound " + fmt(lower) + " (mean " + fmt(c)
                    + " − " + fmt(z) + " × " + fmt(se) + ") clears the floor " + fmt(floor) + figures
                    + saving(live, candidate), qualityBar, min, live, candidate, floor, se, look, z, lower, upper, null);
        }
        if (upper < floor) {
            return new CanaryVerdict(Advice.ROLL_BACK, "the candidate's upper bound " + fmt(upper) + " (mean "
                    + fmt(c) + " + " + ROLL_BACK_Z + " × " + fmt(se) + ") is below the floor " + fmt(floor) + figures,
                    qualityBar, min, live, candidate, floor, se, look, z, lower, upper, null);
        }
        Long more = moreScoredNeeded(live, candidate, qualityBar, min);
        String where = c >= floor ? "above the floor " + fmt(floor) + figures + " but its lower bound " + fmt(lower)
                + " is not yet" : "below the floor " + fmt(floor) + figures + " but its upper bound " + fmt(upper)
                + " is not yet";
        String reason = "the candidate's mean " + fmt(c) + " is " + where + ": " + (more == null
                ? "it sits on the floor, so more scores may never settle it"
                : "about " + more + " more scored requests at the current spread and split");
        return new CanaryVerdict(Advice.CONTINUE, reason, qualityBar, min, live, candidate, floor, se, look, z, lower,
                upper, more);
    }

    /** The look the evidence is at: 1 at the minimum, one more each time the smaller arm's scored count doubles. */
    static int look(long smallerScored, long minimum) {
        return 1 + (63 - Long.numberOfLeadingZeros(Math.max(1, smallerScored / minimum)));
    }

    /** The promotion multiplier at look k: the upper 5%/(k(k+1)) quantile. */
    static double promoteZ(int look) {
        return StandardNormal.upperQuantile(PROMOTE_ERROR / ((double) look * (look + 1)));
    }

    /** The standard error of candidate − bar·live when both arms' scored counts grow by {@code factor}. */
    private static double gapStandardError(ArmEvidence live, ArmEvidence candidate, double bar, double factor) {
        double sc = candidate.scoreVariance() / (candidate.scored() * factor);
        double sl = live.scoreVariance() / (live.scored() * factor);
        return Math.sqrt(sc + bar * bar * sl);
    }

    /**
     * Roughly how many more scored requests (both arms together, in the current split) would settle it if the means
     * and spreads stayed as they are: the growth factor f that brings the bound to the floor, found again at the
     * look the grown evidence would be at. Null when the candidate sits exactly on the floor.
     */
    private static Long moreScoredNeeded(ArmEvidence live, ArmEvidence candidate, double bar, long min) {
        double gap = candidate.meanScore() - bar * live.meanScore();
        if (gap == 0) return null;
        double se = gapStandardError(live, candidate, bar, 1);
        long smaller = Math.min(live.scored(), candidate.scored());
        double factor = 1;
        for (int i = 0; i < 4; i++) {
            double z = gap > 0 ? promoteZ(look((long) Math.min(Long.MAX_VALUE / 2, smaller * factor), min))
                    : ROLL_BACK_Z;
            factor = Math.max(1, Math.pow(z * se / Math.abs(gap), 2));
        }
        double total = live.scored() + candidate.scored();
        return (long) Math.min(Long.MAX_VALUE / 2, Math.ceil(total * (factor - 1)));
    }

    private static String saving(ArmEvidence live, ArmEvidence candidate) {
        double saving = costSaving(live, candidate);
        if (Double.isNaN(saving)) return "";
        return saving >= 0 ? "; it costs " + percent(saving) + " less per request"
                : "; it costs " + percent(-saving) + " more per request";
    }

    /** 1 − candidate/live cost per request; NaN when the live arm served nothing or cost nothing. */
    public static double costSaving(ArmEvidence live, ArmEvidence candidate) {
        double l = live.costPerRequest();
        double c = candidate.costPerRequest();
        if (Double.isNaN(l) || Double.isNaN(c) || l == 0) return Double.NaN;
        return 1 - c / l;
    }

    /** The verdict as the {@code verdict} object of {@code GET /v1/admin/rollout}. */
    public void describe(ObjectNode into) {
        ObjectNode v = into.putObject("verdict");
        v.put("advice", advice.wireName()).put("reason", reason).put("qualityBar", qualityBar)
                .put("minimumScoredPerArm", minimumScored);
        arm(v.putObject("live"), live);
        arm(v.putObject("candidate"), candidate);
        number(v, "difference", candidate.meanScore() - live.meanScore());
        number(v, "floor", floor);
        number(v, "standardError", gapStandardError);
        if (look > 0) v.put("look", look);
        number(v, "promoteZ", promoteZ);
        number(v, "lowerBound", lowerBound);
        number(v, "upperBound", upperBound);
        number(v, "costSaving", costSaving(live, candidate));
        if (moreScoredNeeded == null) v.putNull("moreScoredNeeded");
        else v.put("moreScoredNeeded", moreScoredNeeded);
    }

    private static void arm(ObjectNode into, ArmEvidence arm) {
        into.put("scored", arm.scored());
        number(into, "meanScore", arm.meanScore());
        number(into, "standardError", arm.scoreStandardError());
        number(into, "costPerRequest", arm.costPerRequest());
    }

    private static void number(ObjectNode into, String key, double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) into.putNull(key);
        else into.put(key, value);
    }

    private static String fmt(double value) {
        return String.format(Locale.ROOT, "%.3f", value);
    }

    /** 0.95 as "95%", 0.975 as "97.5%". */
    private static String percent(double share) {
        return new BigDecimal(share * 100).round(new MathContext(3)).stripTrailingZeros().toPlainString() + "%";
    }
}
