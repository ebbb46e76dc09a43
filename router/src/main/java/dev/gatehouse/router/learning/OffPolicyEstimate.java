package dev.gatehouse.router.learning;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How a candidate router would have done on logged traffic it did not route: the doubly robust estimate of its
 * success on judged decisions, beside the logged policy's own choice on the same decisions, and the difference, with
 * standard errors. Possible only where the log says how likely each target was ({@code exploration.propensity}):
 * a decision the policy made with certainty says nothing about a target it never sent that prompt to.
 *
 * <p>Per decision i with served target a, outcome r and propensity p, a router choosing c is credited
 * q(x, c) + [c = a]·(r − q(x, a))/p, where q is a model's forecast (the kNN trained on older decisions). The
 * forecast carries most decisions; where the router agrees with what was served, the observed outcome corrects the
 * forecast, weighted by how unlikely that observation was. It is unbiased when the propensities are right, whatever
 * the forecast's errors (which only add variance). The difference is paired: both routers are scored on the same
 * decisions, so its standard error is that of the per-decision differences.
 *
 * @param decisions      judged decisions with a served target and its outcome
 * @param explored       of them, those exploration sent elsewhere than the policy's choice
 * @param matched        decisions where the candidate chose otherwise than the logged policy and its choice is the
 *                       one that served: the only ones whose outcome speaks for the candidate's own choices
 * @param candidate      the candidate's estimated success (0..1)
 * @param logged         the logged policy's own choice ({@code exploration.greedy}), estimated the same way
 * @param difference     candidate − logged, paired
 * @param differenceSe   standard error of the difference
 * @param candidateCost  mean cost per call of the candidate's choices (per-target mean costs), NaN without costs
 * @param loggedCost     the same for the logged policy's choices
 */
public record OffPolicyEstimate(int decisions, int explored, int matched, double candidate, double logged,
        double difference, double differenceSe, double candidateCost, double loggedCost) {

    /**
     * Matched decisions below which the estimate is shown but not trusted: with fewer, the correction terms have
     * hardly fired, the estimate is the candidate's own forecast (optimistic exactly where the candidate deviates),
     * and the sample's standard error misses the heavy tail of 1/propensity. The usual size for a mean to be near
     * normal.
     */
    public static final int MIN_MATCHED = 30;

    /** Enough matched decisions for the estimate to be evidence ({@link #MIN_MATCHED}). */
    public boolean trusted() {
        return matched >= MIN_MATCHED && differenceSe > 0;
    }

    /** How a router picks a target for one decision: its index in {@code targets}, among the allowed ones. */
    @FunctionalInterface
    public interface Choice {
        int choose(float[] embedding, boolean[] allowed);
    }

    /**
     * @param rows     judged decisions (those without a served target or its outcome are skipped)
     * @param x        their embeddings, row for row
     * @param forecast the outcome model q and the candidate's forecasts (trained without these rows)
     * @param costs    mean cost per call by target id, or empty
     * @return the estimate, or null when no decision can be scored
     */
    public static OffPolicyEstimate of(List<LabelledDecision> rows, float[][] x, KnnRouter forecast, Choice candidate,
            Map<String, Double> costs) {
        List<String> targets = forecast.targets();
        double sumC = 0, sumL = 0, sumD = 0, sumD2 = 0, costC = 0, costL = 0;
        int n = 0, explored = 0, matched = 0;
        for (int i = 0; i < rows.size(); i++) {
            LabelledDecision.Served s = rows.get(i).served();
            if (s == null) continue;
            Double r = rows.get(i).outcomes().get(s.target());
            int a = targets.indexOf(s.target());
            int greedy = targets.indexOf(s.greedy());
            if (r == null || a < 0 || greedy < 0) continue;
            boolean[] allowed = new boolean[targets.size()];
            for (String t : s.among()) if (targets.contains(t)) allowed[targets.indexOf(t)] = true;
            double[] q = forecast.expected(x[i]);
            int c = candidate.choose(x[i], allowed);
            double credC = q[c] + (c == a ? (r - q[a]) / s.propensity() : 0);
            double credL = q[greedy] + (greedy == a ? (r - q[a]) / s.propensity() : 0);
            sumC += credC;
            sumL += credL;
            sumD += credC - credL;
            sumD2 += (credC - credL) * (credC - credL);
            costC += costs.getOrDefault(targets.get(c), Double.NaN);
            costL += costs.getOrDefault(targets.get(greedy), Double.NaN);
            n++;
            if (!s.target().equals(s.greedy())) explored++;
            if (c != greedy && c == a) matched++;
        }
        if (n == 0) return null;
        double meanD = sumD / n;
        double se = n < 2 ? Double.NaN : Math.sqrt(Math.max(0, sumD2 / n - meanD * meanD) / (n - 1));
        return new OffPolicyEstimate(n, explored, matched, sumC / n, sumL / n, meanD, se, costC / n, costL / n);
    }

    /**
     * The cheapest allowed target whose value reaches the bar of {@code router}'s {@link KnnRouter#adequacy} (its
     * rule's), else the one valued highest: the choice {@code policy.CheapestAdequate} makes, over mean costs per
     * target.
     */
    public static Choice cheapestAdequate(KnnRouter router, double[] costs) {
        return (embedding, allowed) -> {
            KnnRouter.Adequacy a = router.adequacy(embedding);
            double[] values = a.values();
            int chosen = -1, best = -1;
            for (int t = 0; t < values.length; t++) {
                if (!allowed[t]) continue;
                if (best < 0 || values[t] > values[best]) best = t;
                if (values[t] >= a.bar() && (chosen < 0 || costs[t] < costs[chosen])) chosen = t;
            }
            return chosen >= 0 ? chosen : best;
        };
    }

    public List<String> lines() {
        return List.of(
                String.format(Locale.ROOT, "off-policy (doubly robust) on %d judged decisions, %d of them explored, %d "
                        + "served the candidate's own differing choice%s:", decisions, explored, matched,
                        trusted() ? "" : " (fewer than " + MIN_MATCHED + ": not evidence yet)"),
                String.format(Locale.ROOT, "  candidate %.3f vs the logged policy's choice %.3f: difference %+.3f ± %.3f "
                        + "(one standard error)%s", candidate, logged, difference, differenceSe,
                        explored == 0 ? "; nothing was explored, so this only repeats the forecast" : ""),
                Double.isNaN(candidateCost) ? "  cost: no per-target costs in the log"
                        : String.format(Locale.ROOT, "  mean cost per call: candidate $%.6f, logged policy $%.6f",
                                candidateCost, loggedCost));
    }
}
