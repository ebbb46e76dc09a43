package dev.gatehouse.router.rollout;

/**
 * The standard normal distribution's upper quantiles, which the verdict's bounds need at tail probabilities that
 * change with every look (the JDK has no normal distribution). The tail is the density integrated by Simpson's rule
 * (error far below 1e-9 at the step used), and its quantile is found by Newton's method from 0: the tail is convex
 * there, so each step lands short of the root and the iteration cannot overshoot.
 */
final class StandardNormal {
    private static final int SIMPSON_STEPS_PER_UNIT = 400;

    private StandardNormal() {}

    /** The z with P(Z > z) = {@code tail}, for 0 < tail ≤ 0.5. */
    static double upperQuantile(double tail) {
        if (!(tail > 0 && tail <= 0.5)) throw new IllegalArgumentException("tail must be in (0, 0.5], was " + tail);
        double z = 0;
        for (int i = 0; i < 100; i++) {
            double step = (upperTail(z) - tail) / density(z);
            z += step;
            if (step < 1e-12) break;
        }
        return z;
    }

    /** P(Z > z) for z ≥ 0. */
    static double upperTail(double z) {
        int steps = 2 * Math.max(1, (int) Math.ceil(z * SIMPSON_STEPS_PER_UNIT / 2));
        double h = z / steps;
        double sum = density(0) + density(z);
        for (int i = 1; i < steps; i++) sum += (i % 2 == 1 ? 4 : 2) * density(i * h);
        return 0.5 - sum * h / 3;
    }

    private static double density(double z) {
        return Math.exp(-z * z / 2) / Math.sqrt(2 * Math.PI);
    }
}
