package dev.gatehouse.router.eval;

import java.util.ArrayList;
import java.util.List;

/**
 * Routers over many targets, scored on prompts where every target's outcome and per-call cost are known: mean
 * quality and mean cost per prompt for one routing of the whole test set. What {@link CostQualityCurve} is for a
 * weak/strong pair, for any number of targets.
 */
final class MultiTargetRouting {
    /** One routing of the test set. */
    record Point(String label, double quality, double cost) {}

    private MultiTargetRouting() {}

    /** Every prompt to one target. */
    static Point fixed(String label, double[][] scores, double[][] costs, int target) {
        int[] chosen = new int[scores.length];
        java.util.Arrays.fill(chosen, target);
        return of(label, chosen, scores, costs);
    }

    /** The cheapest target with the best outcome on each prompt: the ceiling no router reaches. */
    static Point oracle(double[][] scores, double[][] costs) {
        int[] chosen = new int[scores.length];
        for (int i = 0; i < scores.length; i++) {
            int best = 0;
            for (int t = 1; t < scores[i].length; t++) {
                if (scores[i][t] > scores[i][best] || (scores[i][t] == scores[i][best] && costs[i][t] < costs[i][best])) best = t;
            }
            chosen[i] = best;
        }
        return of("oracle", chosen, scores, costs);
    }

    /** The cheapest target whose expected success reaches the bar, else the one expected to do best: one point per bar. */
    static List<Point> cheapestAdequate(String label, double[][] expected, double[][] scores, double[][] costs,
            double[] meanCost, double[] bars) {
        List<Point> points = new ArrayList<>();
        for (double bar : bars) {
            int[] chosen = new int[scores.length];
            for (int i = 0; i < scores.length; i++) chosen[i] = cheapestAdequate(expected[i], meanCost, bar);
            points.add(of(label + " bar " + bar, chosen, scores, costs));
        }
        return points;
    }

    /** @param meanCost each target's mean cost per call: what a router knows before the call */
    static int cheapestAdequate(double[] expected, double[] meanCost, double bar) {
        int chosen = -1;
        for (int t = 0; t < expected.length; t++) {
            if (expected[t] >= bar && (chosen < 0 || meanCost[t] < meanCost[chosen])) chosen = t;
        }
        if (chosen >= 0) return chosen;
        int best = 0;
        for (int t = 1; t < expected.length; t++) if (expected[t] > expected[best]) best = t;
        return best;
    }

    /** The longest {@code share} of prompts to the strong target, the rest to the cheap one, for each share. */
    static List<Point> byLength(double[] lengths, double[][] scores, double[][] costs, int cheap, int strong, int steps) {
        Integer[] order = new Integer[lengths.length];
        for (int i = 0; i < order.length; i++) order[i] = i;
        java.util.Arrays.sort(order, (a, b) -> Double.compare(lengths[b], lengths[a]));
        List<Point> points = new ArrayList<>();
        for (int s = 0; s <= steps; s++) {
            int strongCount = (int) Math.round((double) s / steps * lengths.length);
            int[] chosen = new int[lengths.length];
            java.util.Arrays.fill(chosen, cheap);
            for (int k = 0; k < strongCount; k++) chosen[order[k]] = strong;
            points.add(of("length " + s + "/" + steps, chosen, scores, costs));
        }
        return points;
    }

    /** A random share to the strong target, the rest to the cheap one: in expectation the straight line between them. */
    static List<Point> random(Point cheap, Point strong, int steps) {
        List<Point> points = new ArrayList<>();
        for (int s = 0; s <= steps; s++) {
            double share = (double) s / steps;
            points.add(new Point("random " + s + "/" + steps, cheap.quality() + share * (strong.quality() - cheap.quality()),
                    cheap.cost() + share * (strong.cost() - cheap.cost())));
        }
        return points;
    }

    /** 1 − cost / reference cost at the cheapest point reaching {@code quality}; NaN when none does. */
    static double costSavedAt(List<Point> curve, double quality, double referenceCost) {
        double cheapest = Double.NaN;
        for (Point p : curve) {
            if (p.quality() >= quality - 1e-12 && !(p.cost() >= cheapest)) cheapest = p.cost();
        }
        return Double.isNaN(cheapest) ? Double.NaN : 1 - cheapest / referenceCost;
    }

    /** The best quality among points costing at most {@code budget}; NaN when none does. */
    static double qualityWithin(List<Point> curve, double budget) {
        double best = Double.NaN;
        for (Point p : curve) if (p.cost() <= budget + 1e-15 && !(p.quality() <= best)) best = p.quality();
        return best;
    }

    static Point of(String label, int[] chosen, double[][] scores, double[][] costs) {
        double q = 0, c = 0;
        for (int i = 0; i < chosen.length; i++) {
            q += scores[i][chosen[i]];
            c += costs[i][chosen[i]];
        }
        return new Point(label, q / chosen.length, c / chosen.length);
    }
}
