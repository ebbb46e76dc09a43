package dev.gatehouse.router.learning;

/**
 * The conservative rule of a {@link KnnRouter} (safe policy improvement, in the manner of SPIBB: keep the baseline
 * wherever the data cannot vouch for a change). The baseline is the reference target, the one whose overall success
 * rate has the highest lower confidence bound (a target right on its only three labelled prompts is not yet the
 * best one): what every prompt goes to before anything is learned, and what the canary's quality floor is measured
 * against. Another target is offered for a prompt only when the evidence of its own labelled neighbours
 * is strong: the one-sided 95% lower confidence bound (Wilson score) of its success on the prompt's neighbourhood,
 * with the effective number of neighbours (Kish: (Σw)² / Σw², so a few heavily weighted explored labels count as
 * few), reaches {@link KnnRouter#DEFAULT_BAR_SHARE} of the reference target's expected success on the same prompt.
 * With few labels the bound is low and the prompt stays with the reference target; a candidate trained on little
 * feedback is therefore almost the baseline, and only as much cheaper as its evidence allows.
 *
 * <p>The per-prompt bar replaces the router's single bar: a cheap target that is good on average but fails a kind
 * of prompt is not offered for that kind, because there the reference target's own expected success is higher.
 */
final class SafeDeviation {
    /** One-sided 95%: the confidence the canary's own rejections use. */
    static final double Z = 1.645;

    private SafeDeviation() {}

    /**
     * @param values    per target: the reference target's expected success, every other target's lower bound
     * @param bar       {@link KnnRouter#DEFAULT_BAR_SHARE} of the reference target's expected success on this prompt
     * @param reference the reference target's index
     */
    record Forecast(double[] values, double bar, int reference) {}

    /**
     * @param votes     per target, its nearest labels and their weights, nearest first
     * @param expected  per target, the router's expected success (shrunk toward its overall rate)
     * @param reference the reference target ({@link #reference})
     * @param k         neighbours that count
     * @param barShare  the share of the reference target's expected success another target must reach
     */
    static Forecast of(NeighbourVotes.Votes[] votes, double[] expected, int reference, int k, double barShare) {
        double[] values = new double[expected.length];
        if (reference < 0) return new Forecast(values, 1, 0); // nothing labelled: no target can be vouched for
        for (int t = 0; t < values.length; t++) {
            values[t] = t == reference ? expected[t] : lowerBound(votes[t], k);
        }
        return new Forecast(values, barShare * expected[reference], reference);
    }

    /**
     * The target whose weighted overall success rate has the highest lower bound, -1 when nothing is labelled.
     *
     * @param labels  [row][target] outcomes, NaN where unknown
     * @param weights [row][target] how much each counts
     */
    static int reference(double[][] labels, double[][] weights, int targets) {
        int reference = -1;
        double best = -1;
        for (int t = 0; t < targets; t++) {
            double sum = 0, weight = 0, squares = 0;
            for (int i = 0; i < labels.length; i++) {
                if (Double.isNaN(labels[i][t])) continue;
                sum += weights[i][t] * labels[i][t];
                weight += weights[i][t];
                squares += weights[i][t] * weights[i][t];
            }
            if (weight == 0) continue;
            double lower = wilsonLower(sum / weight, weight * weight / squares, Z);
            if (lower > best) {
                best = lower;
                reference = t;
            }
        }
        return reference;
    }

    /** The Wilson lower bound of the weighted mean of the k nearest labels, at the effective number of them. */
    static double lowerBound(NeighbourVotes.Votes nearestFirst, int k) {
        int used = Math.min(k, nearestFirst.labels().length);
        double sum = 0, weight = 0, squares = 0;
        for (int i = 0; i < used; i++) {
            double w = nearestFirst.weights()[i];
            sum += w * nearestFirst.labels()[i];
            weight += w;
            squares += w * w;
        }
        if (weight == 0) return 0;
        return wilsonLower(sum / weight, weight * weight / squares, Z);
    }

    /** Wilson's score interval, lower end, for a success rate p observed over n (possibly fractional) trials. */
    static double wilsonLower(double p, double n, double z) {
        if (!(n > 0)) return 0;
        double z2n = z * z / n;
        double centre = p + z2n / 2;
        double spread = z * Math.sqrt(p * (1 - p) / n + z2n / (4 * n));
        return Math.max(0, (centre - spread) / (1 + z2n));
    }
}
