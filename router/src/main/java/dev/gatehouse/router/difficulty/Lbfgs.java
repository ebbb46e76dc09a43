package dev.gatehouse.router.difficulty;

/**
 * Limited-memory BFGS for smooth convex functions: the two-loop recursion over the last few steps and a backtracking
 * line search with the Armijo condition. Small on purpose — the difficulty heads are its only user, with a few
 * hundred parameters, where it converges in tens to hundreds of full passes.
 */
final class Lbfgs {
    /** f(w), writing ∇f(w) into {@code gradient}. */
    interface Function {
        double valueAndGradient(double[] w, double[] gradient);
    }

    private Lbfgs() {}

    /** Minimises {@code f} from {@code w} in place; returns the iterations taken. */
    static int minimise(Function f, double[] w, int maxIterations, double tolerance, int history) {
        int size = w.length;
        double[][] steps = new double[history][], changes = new double[history][];
        double[] rho = new double[history];
        double[] g = new double[size], direction = new double[size], alpha = new double[history];
        double value = f.valueAndGradient(w, g);
        int stored = 0, newest = -1;
        for (int iteration = 1; iteration <= maxIterations; iteration++) {
            if (maxAbs(g) < tolerance) return iteration - 1;
            // Two-loop recursion: direction = −H·g with H built from the stored steps.
            for (int j = 0; j < size; j++) direction[j] = -g[j];
            for (int k = 0; k < stored; k++) {
                int i = Math.floorMod(newest - k, history);
                alpha[i] = rho[i] * dot(steps[i], direction);
                axpy(-alpha[i], changes[i], direction);
            }
            if (stored > 0) {
                double scale = dot(steps[newest], changes[newest]) / dot(changes[newest], changes[newest]);
                for (int j = 0; j < size; j++) direction[j] *= scale;
            } else {
                double norm = Math.sqrt(dot(g, g));
                for (int j = 0; j < size; j++) direction[j] /= Math.max(1, norm);
            }
            for (int k = stored - 1; k >= 0; k--) {
                int i = Math.floorMod(newest - k, history);
                double beta = rho[i] * dot(changes[i], direction);
                axpy(alpha[i] - beta, steps[i], direction);
            }
            double slope = dot(g, direction);
            if (slope >= 0) { // not a descent direction (rounding): restart from steepest descent
                stored = 0;
                for (int j = 0; j < size; j++) direction[j] = -g[j];
                slope = dot(g, direction);
            }
            double[] next = new double[size], nextG = new double[size];
            double step = 1, nextValue;
            while (true) {
                for (int j = 0; j < size; j++) next[j] = w[j] + step * direction[j];
                nextValue = f.valueAndGradient(next, nextG);
                if (nextValue <= value + 1e-4 * step * slope || step < 1e-12) break;
                step /= 2;
            }
            double[] s = new double[size], y = new double[size];
            for (int j = 0; j < size; j++) {
                s[j] = next[j] - w[j];
                y[j] = nextG[j] - g[j];
            }
            double curvature = dot(s, y);
            double improvement = value - nextValue;
            System.arraycopy(next, 0, w, 0, size);
            System.arraycopy(nextG, 0, g, 0, size);
            value = nextValue;
            if (curvature > 1e-12) {
                newest = (newest + 1) % history;
                steps[newest] = s;
                changes[newest] = y;
                rho[newest] = 1 / curvature;
                stored = Math.min(stored + 1, history);
            }
            if (step < 1e-12 || improvement <= 1e-15 * Math.max(1, Math.abs(value))) return iteration;
        }
        return maxIterations;
    }

    private static double maxAbs(double[] v) {
        double m = 0;
        for (double x : v) m = Math.max(m, Math.abs(x));
        return m;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }

    private static void axpy(double a, double[] x, double[] y) {
        for (int i = 0; i < x.length; i++) y[i] += a * x[i];
    }
}
