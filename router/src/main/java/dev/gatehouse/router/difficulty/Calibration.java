package dev.gatehouse.router.difficulty;

import java.util.Arrays;
import java.util.List;

/**
 * Threshold ↦ share of strong-model calls on some traffic, as RouteLLM calibrates: "strong if difficulty ≥ threshold"
 * sends {@code strongShare} of that traffic to the strong model. Points every 1% of share, thresholds non-increasing.
 *
 * @param source what traffic the table was measured on
 * @param prompts how many prompts
 */
public record Calibration(String source, int prompts, List<Point> points) {
    public static final int STEPS = 100;

    public record Point(double strongShare, double threshold) {}

    public Calibration {
        points = List.copyOf(points);
        if (points.size() < 2) throw new IllegalArgumentException("a calibration needs at least 2 points, had " + points.size());
        for (int i = 1; i < points.size(); i++) {
            if (points.get(i).strongShare() <= points.get(i - 1).strongShare()
                    || points.get(i).threshold() > points.get(i - 1).threshold()) {
                throw new IllegalArgumentException("calibration points must rise in share and fall in threshold; point " + i
                        + " " + points.get(i) + " follows " + points.get(i - 1));
            }
        }
    }

    /** Measures the table on the scores of some traffic. */
    public static Calibration of(double[] scores, String source) {
        if (scores.length == 0) throw new IllegalArgumentException("cannot calibrate on no prompts (" + source + ")");
        double[] descending = Arrays.stream(scores).map(s -> -s).sorted().map(s -> -s).toArray();
        int n = descending.length;
        var points = new java.util.ArrayList<Point>();
        for (int step = 0; step <= STEPS; step++) {
            double share = (double) step / STEPS;
            int k = (int) Math.round(share * n);
            double threshold;
            if (k == 0) threshold = Math.max(1.0, descending[0] + 1e-9);
            else if (k == n) threshold = Math.min(0.0, descending[n - 1]);
            else threshold = (descending[k - 1] + descending[k]) / 2;
            points.add(new Point(share, threshold));
        }
        return new Calibration(source, n, points);
    }

    /**
     * The share of the calibration traffic scoring below {@code score}, interpolated between the table's points: the
     * inverse of {@link #thresholdFor}. 0.8 = harder than 80% of that traffic, so "strong if ≥ 0.8" sends it about 20%.
     */
    public double shareBelow(double score) {
        if (score >= points.getFirst().threshold()) return 1;
        if (score <= points.getLast().threshold()) return 0;
        for (int i = 1; i < points.size(); i++) {
            Point hi = points.get(i - 1); // higher threshold, smaller strong share
            Point lo = points.get(i);
            if (score >= lo.threshold()) {
                double span = hi.threshold() - lo.threshold();
                double t = span > 0 ? (hi.threshold() - score) / span : 1;
                return 1 - (hi.strongShare() + t * (lo.strongShare() - hi.strongShare()));
            }
        }
        return 0;
    }

    /** The threshold that sends {@code share} (0..1) of the calibration traffic to the strong model, interpolated. */
    public double thresholdFor(double share) {
        if (!(share >= 0 && share <= 1)) throw new IllegalArgumentException("share must be in [0, 1], was " + share);
        for (int i = 1; i < points.size(); i++) {
            Point lo = points.get(i - 1);
            Point hi = points.get(i);
            if (share <= hi.strongShare()) {
                double t = (share - lo.strongShare()) / (hi.strongShare() - lo.strongShare());
                return lo.threshold() + Math.max(0, t) * (hi.threshold() - lo.threshold());
            }
        }
        return points.getLast().threshold();
    }
}
