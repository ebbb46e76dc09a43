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
 * standard error is s = √(s_c² + bar²·s_l²) (the floor carries the live mean's own error, scaled by the bar).
 * Measured against the live arm, each promotion may lose up to the bar's margin again, so after a promotion an
 * operator can fix the reference ({@code rollout.referenceScore}, e.g. the live mean before the first promotion):
 * then the floor is bar × that score, it has no error of its own (s = s_c), and only the candidate needs scores. Promote
 * when the candidate's lower bound, mean − z·s, is at or above the floor; roll back when its upper bound, mean + z·s,
 * is below it; otherwise continue.
 *
 * <p>The simulation looks at most four times and pays for them by Bonferroni. An operator can read this status after
 * every request, so z here holds for any number of looks: it is the normal-mixture boundary of a confidence sequence
 * (Robbins; Howard et al. 2021), z = √((1 + 1/r)·(ln(1 + r) + 2·ln(1/α))) with α = 5% and r = n / minimum, n the
 * smaller arm's scored count. z is 3.66 at the minimum, 3.04 at ten times it, 3.27 at a hundred times, 3.90 at ten
 * thousand times, so a fluke among the first scores cannot decide, and it grows only as √(ln n). Measured by replaying
 * Bernoulli scores and reading the verdict after every scored request (live arm 0.8, up to 2,560 per arm, 400 runs): a
 * candidate exactly at the floor was first advised promote in 1.8% of runs, a candidate as good as live first advised
 * rollBack in 0.3%; an equal candidate was promoted in 74% of runs (median 1,113 scores per arm), one at 0.84 in all
 * (median 313), one at 0.70 rolled back in 98.5% (median 700). The bounds tried first, Bonferroni over doublings of the
 * evidence for promote (1.96 at the minimum, 2.81 at eight times it) and a fixed 1.645 for rollback as in the
 * simulation, gave about 10% and 10% under that reading, and promoted an equal candidate about a quarter sooner.
 * CanaryVerdictTest replays the same reading on every build.
 */
public record CanaryVerdict(
        Advice advice, String reason, double qualityBar, Double referenceScore, long minimumScored, ArmEvidence live,
        ArmEvidence candidate, double floor, double gapStandardError, double z, double lowerBound, double upperBound,
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
    /** The chance, over every look together, that a bound is crossed by a candidate on the other side of the floor. */
    static final double ERROR = 0.05;

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
        return of(live, candidate, qualityBar, null);
    }

    /**
     * The verdict on the tallies as they are, the bar applied to a fixed reference score.
     *
     * @param qualityBar     the share of the reference the candidate must keep, in (0, 1)
     * @param referenceScore the fixed mean score the bar applies to, in (0, 1], or null for the live arm's mean
     */
    public static CanaryVerdict of(ArmEvidence live, ArmEvidence candidate, double qualityBar, Double referenceScore) {
        if (!(qualityBar > 0 && qualityBar < 1)) {
            throw new IllegalArgumentException("qualityBar must be above 0 and below 1, was " + qualityBar);
        }
        if (referenceScore != null && !(referenceScore > 0 && referenceScore <= 1)) {
            throw new IllegalArgumentException("referenceScore must be above 0 and at most 1, was " + referenceScore);
        }
        boolean fixed = referenceScore != null;
        long min = minimumScored(qualityBar);
        long liveShort = fixed ? 0 : Math.max(0, min - live.scored());
        if (liveShort > 0 || candidate.scored() < min) {
            long more = liveShort + Math.max(0, min - candidate.scored());
            String reason = (live.scored() + candidate.scored() == 0 ? "no scored feedback yet"
                    : "too few scores yet (live " + live.scored() + ", candidate " + candidate.scored() + ")")
                    + ": " + (fixed ? "the candidate needs " : "each arm needs ") + min + " scored requests before a "
                    + "verdict, so that no single score can move its mean by more than the " + percent(1 - qualityBar)
                    + " the bar allows; at least " + more + " more";
            double floor = fixed ? qualityBar * referenceScore
                    : live.scored() == 0 ? Double.NaN : qualityBar * live.meanScore();
            return new CanaryVerdict(Advice.CONTINUE, reason, qualityBar, referenceScore, min, live, candidate,
                    floor, Double.NaN, Double.NaN, Double.NaN, Double.NaN, more);
        }
        double floor = qualityBar * (fixed ? referenceScore : live.meanScore());
        double c = candidate.meanScore();
        double se = gapStandardError(fixed ? ArmEvidence.NONE : live, candidate, qualityBar, 1);
        double z = z(fixed ? candidate.scored() : Math.min(live.scored(), candidate.scored()), min);
        double lower = c - z * se;
        double upper = c + z * se;
        String figures = fixed ? " (" + percent(qualityBar) + " of the reference score " + fmt(referenceScore)
                + (live.scored() > 0 ? "; the live arm's mean is " + fmt(live.meanScore()) : "") + ")"
                : " (" + percent(qualityBar) + " of the live arm's " + fmt(live.meanScore()) + ")";
        if (lower >= floor) {
            return new CanaryVerdict(Advice.PROMOTE, "the candidate's lower bound " + fmt(lower) + " (mean " + fmt(c)
                    + " − " + fmt(z) + " × " + fmt(se) + ") clears the floor " + fmt(floor) + figures
                    + saving(live, candidate), qualityBar, referenceScore, min, live, candidate, floor, se, z, lower, upper,
                    null);
        }
        if (upper < floor) {
            return new CanaryVerdict(Advice.ROLL_BACK, "the candidate's upper bound " + fmt(upper) + " (mean "
                    + fmt(c) + " + " + fmt(z) + " × " + fmt(se) + ") is below the floor " + fmt(floor) + figures,
                    qualityBar, referenceScore, min, live, candidate, floor, se, z, lower, upper, null);
        }
        Long more = moreScoredNeeded(fixed ? ArmEvidence.NONE : live, candidate, qualityBar, min, floor);
        String where = c >= floor ? "above the floor " + fmt(floor) + figures + " but its lower bound " + fmt(lower)
                + " is not yet" : "below the floor " + fmt(floor) + figures + " but its upper bound " + fmt(upper)
                + " is not yet";
        String reason = "the candidate's mean " + fmt(c) + " is " + where + ": " + (more == null
                ? "it sits on the floor, so more scores may never settle it"
                : "about " + more + " more scored requests at the current spread and split");
        return new CanaryVerdict(Advice.CONTINUE, reason, qualityBar, referenceScore, min, live, candidate, floor, se,
                z, lower, upper, more);
    }

    /**
     * The bounds' multiplier once the smaller arm has {@code scored} scores: the normal-mixture boundary with its
     * mixing scale at the minimum, so that it is tightest (3.04) around ten times the minimum, where a verdict at the
     * bar becomes possible. The scale must be fixed before the data, never fitted to them.
     */
    static double z(long scored, long minimum) {
        double r = (double) scored / minimum;
        return Math.sqrt((1 + 1 / r) * (Math.log(1 + r) + 2 * Math.log(1 / ERROR)));
    }

    /**
     * The standard error of candidate − bar·live when both arms' scored counts grow by {@code factor}; with a fixed
     * reference the live arm is {@link ArmEvidence#NONE} and adds nothing.
     */
    private static double gapStandardError(ArmEvidence live, ArmEvidence candidate, double bar, double factor) {
        double sc = candidate.scoreVariance() / (candidate.scored() * factor);
        double sl = live.scored() == 0 ? 0 : live.scoreVariance() / (live.scored() * factor);
        return Math.sqrt(sc + bar * bar * sl);
    }

    /**
     * Roughly how many more scored requests (both arms together, in the current split) would settle it if the means
     * and spreads stayed as they are: the growth factor f that brings the bound to the floor, found again with the z
     * of the grown evidence. Null when the candidate sits exactly on the floor.
     */
    private static Long moreScoredNeeded(ArmEvidence live, ArmEvidence candidate, double bar, long min,
            double floor) {
        double gap = candidate.meanScore() - floor;
        if (gap == 0) return null;
        double se = gapStandardError(live, candidate, bar, 1);
        long smaller = live.scored() == 0 ? candidate.scored() : Math.min(live.scored(), candidate.scored());
        double factor = 1;
        for (int i = 0; i < 4; i++) {
            factor = Math.max(1, Math.pow(z((long) Math.min(Long.MAX_VALUE / 2, smaller * factor), min) * se
                    / Math.abs(gap), 2));
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
                .put("referenceScore", referenceScore).put("minimumScoredPerArm", minimumScored);
        arm(v.putObject("live"), live);
        arm(v.putObject("candidate"), candidate);
        number(v, "difference", candidate.meanScore() - live.meanScore());
        number(v, "floor", floor);
        number(v, "standardError", gapStandardError);
        number(v, "z", z);
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
