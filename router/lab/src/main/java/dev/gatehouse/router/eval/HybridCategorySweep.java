package dev.gatehouse.router.eval;

import dev.gatehouse.router.features.CategoryGuess;
import dev.gatehouse.router.features.TaskClassifier;
import dev.gatehouse.router.features.TaskClassifier.EmbeddedExample;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.IntPredicate;

/**
 * A cheap embedding that decides alone when its category margin is clear, and MiniLM only for the rest: for each
 * margin threshold, the accuracy on prompts not fitted on and the share that needed MiniLM. The same two protocols
 * as {@link CategoryEvaluation} (the policy's examples alone; k-fold with the rest of the data as operator
 * examples, folds drawn the same way), the similarity method, rows equal to a policy example left out.
 */
final class HybridCategorySweep {

    /** One threshold: {@code margin} ≥ this keeps the cheap guess. */
    record Point(double threshold, int right, int miniLmRuns, int prompts) {
        double accuracy() {
            return 100.0 * right / prompts;
        }

        double miniLmShare() {
            return 100.0 * miniLmRuns / prompts;
        }
    }

    /** Both embedders' vectors of the same labelled texts, row for row. */
    record Pair(List<EmbeddedExample> cheap, List<EmbeddedExample> miniLm) {}

    private final Pair prior;
    private final Pair rows;

    HybridCategorySweep(Pair prior, Pair data) {
        Set<String> fitted = new HashSet<>();
        prior.cheap().forEach(e -> fitted.add(e.text().strip()));
        List<EmbeddedExample> cheap = new ArrayList<>(), miniLm = new ArrayList<>();
        for (int i = 0; i < data.cheap().size(); i++) {
            if (fitted.contains(data.cheap().get(i).text().strip())) continue;
            cheap.add(data.cheap().get(i));
            miniLm.add(data.miniLm().get(i));
        }
        this.prior = prior;
        this.rows = new Pair(cheap, miniLm);
    }

    int prompts() {
        return rows.cheap().size();
    }

    List<Point> prior(double[] thresholds) {
        return sweep(thresholds, 0, i -> true);
    }

    /** k-fold; an empty list when there are fewer rows than folds. */
    List<Point> crossValidation(double[] thresholds, int folds) {
        if (folds < 2 || prompts() < folds) return List.of();
        List<Point> pooled = null;
        for (int f = 0; f < folds; f++) {
            int fold = f;
            List<Point> part = sweep(thresholds, folds, i -> fold(i, folds) == fold);
            if (pooled == null) {
                pooled = part;
            } else {
                List<Point> sum = new ArrayList<>();
                for (int t = 0; t < thresholds.length; t++) {
                    Point a = pooled.get(t), b = part.get(t);
                    sum.add(new Point(a.threshold(), a.right() + b.right(), a.miniLmRuns() + b.miniLmRuns(), a.prompts() + b.prompts()));
                }
                pooled = sum;
            }
        }
        return pooled;
    }

    private List<Point> sweep(double[] thresholds, int folds, IntPredicate tested) {
        TaskClassifier cheap = fitted(prior.cheap(), rows.cheap(), tested);
        TaskClassifier miniLm = fitted(prior.miniLm(), rows.miniLm(), tested);
        int[] right = new int[thresholds.length], runs = new int[thresholds.length];
        int prompts = 0;
        for (int i = 0; i < prompts(); i++) {
            if (!tested.test(i)) continue;
            prompts++;
            EmbeddedExample c = rows.cheap().get(i), m = rows.miniLm().get(i);
            CategoryGuess byCheap = cheap.classify(c.text(), c.embedding());
            String byMiniLm = miniLm.classify(m.text(), m.embedding()).category();
            for (int t = 0; t < thresholds.length; t++) {
                boolean clear = byCheap.confidence() >= thresholds[t];
                String guess = clear ? byCheap.category() : byMiniLm;
                if (!clear) runs[t]++;
                if (guess.equals(c.category())) right[t]++;
            }
        }
        List<Point> out = new ArrayList<>();
        for (int t = 0; t < thresholds.length; t++) out.add(new Point(thresholds[t], right[t], runs[t], prompts));
        return out;
    }

    private static TaskClassifier fitted(List<EmbeddedExample> prior, List<EmbeddedExample> rows, IntPredicate tested) {
        List<EmbeddedExample> fit = new ArrayList<>(prior);
        for (int i = 0; i < rows.size(); i++) if (!tested.test(i)) fit.add(rows.get(i));
        return TaskClassifier.fit(fit, TaskClassifier.Method.SIMILARITY);
    }

    /** The fold CategoryEvaluation gives the same text. */
    private int fold(int row, int folds) {
        return Math.floorMod(rows.cheap().get(row).text().hashCode() * 0x9E3779B9, folds);
    }
}
