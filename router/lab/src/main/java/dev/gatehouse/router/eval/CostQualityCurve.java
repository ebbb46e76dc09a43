package dev.gatehouse.router.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Quality and mean cost per prompt when the k highest-scored prompts of n go to the strong model, for every k in
 * 0..n (point k is share k/n), with RouteLLM's summary metrics. Quality at 0 is the weak model's, at n the strong's.
 */
public final class CostQualityCurve {
    private final double[] quality;
    private final double[] cost;

    /** One point of the curve. */
    public record Point(double strongShare, double quality, double cost) {}

    CostQualityCurve(double[] quality, double[] cost) {
        if (quality.length < 2 || quality.length != cost.length) {
            throw new IllegalArgumentException("a curve needs n + 1 >= 2 quality and cost points of equal count");
        }
        this.quality = quality.clone();
        this.cost = cost.clone();
    }

    /**
     * The curve of a router that sends prompts to the strong model in descending order of {@code scores} (ties in
     * input order).
     */
    static CostQualityCurve ranked(double[] scores, double[] weakScore, double[] strongScore, double[] weakCost,
            double[] strongCost) {
        int n = scores.length;
        Integer[] order = IntStream.range(0, n).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> -scores[i]));
        double q = Arrays.stream(weakScore).sum();
        double c = Arrays.stream(weakCost).sum();
        double[] quality = new double[n + 1];
        double[] cost = new double[n + 1];
        quality[0] = q / n;
        cost[0] = c / n;
        for (int k = 1; k <= n; k++) {
            int i = order[k - 1];
            q += strongScore[i] - weakScore[i];
            c += strongCost[i] - weakCost[i];
            quality[k] = q / n;
            cost[k] = c / n;
        }
        return new CostQualityCurve(quality, cost);
    }

    /** The expected curve of routing a random share to the strong model: a straight line, APGR exactly 0.5. */
    static CostQualityCurve random(int n, double weakQuality, double strongQuality, double weakCost, double strongCost) {
        double[] quality = new double[n + 1];
        double[] cost = new double[n + 1];
        for (int k = 0; k <= n; k++) {
            double share = (double) k / n;
            quality[k] = weakQuality + share * (strongQuality - weakQuality);
            cost[k] = weakCost + share * (strongCost - weakCost);
        }
        return new CostQualityCurve(quality, cost);
    }

    int prompts() {
        return quality.length - 1;
    }

    double weakQuality() {
        return quality[0];
    }

    double strongQuality() {
        return quality[prompts()];
    }

    double strongCost() {
        return cost[prompts()];
    }

    /** Performance gap recovered at point k: 0 = weak model's quality, 1 = strong model's. */
    private double pgr(int k) {
        return (quality[k] - weakQuality()) / (strongQuality() - weakQuality());
    }

    /** Average performance gap recovered over the share axis (trapezoids over every point). */
    public double apgr() {
        int n = prompts();
        double area = 0;
        for (int k = 1; k <= n; k++) area += (pgr(k - 1) + pgr(k)) / 2;
        return area / n;
    }

    /** Call-performance threshold: the smallest share of strong calls that recovers {@code gap} of the gap; NaN if none. */
    public double cpt(double gap) {
        for (int k = 0; k <= prompts(); k++) if (pgr(k) >= gap - 1e-12) return (double) k / prompts();
        return Double.NaN;
    }

    /** 1 − cost / all-strong cost at the cheapest point reaching {@code fraction} of the strong model's quality. */
    public double savingsAt(double fraction) {
        for (int k = 0; k <= prompts(); k++) {
            if (quality[k] >= fraction * strongQuality() - 1e-12) return 1 - cost[k] / strongCost();
        }
        return Double.NaN;
    }

    /**
     * 1 − the share of strong calls at the first point reaching {@code fraction} of the strong model's quality: the
     * saving when every call costs the same, as RouteLLM counts it.
     */
    public double callSavingsAt(double fraction) {
        for (int k = 0; k <= prompts(); k++) {
            if (quality[k] >= fraction * strongQuality() - 1e-12) return 1 - (double) k / prompts();
        }
        return Double.NaN;
    }

    /** The points at every {@code 1/steps} of share. */
    public List<Point> sampled(int steps) {
        var points = new ArrayList<Point>();
        for (int s = 0; s <= steps; s++) {
            int k = (int) Math.round((double) s / steps * prompts());
            points.add(new Point((double) s / steps, quality[k], cost[k]));
        }
        return points;
    }
}
