package dev.gatehouse.router.difficulty;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Picks each head's L2 by its own log-loss on held-out rows: the validation rows, or under {@link #CV_BELOW_ROWS}
 * rows a {@value #FOLDS}-fold cross-validation over all rows (by group when validating on groups), because a fifth of
 * a few hundred rows gives a log-loss too noisy to choose by. On random MMLU samples the cross-validated pick raised
 * held-out-prompt APGR from 0.613 to 0.641 at 1,500 rows and from 0.594 to 0.605 at 600 (length: 0.575, 0.597).
 * Tried and measured against it: picking the pair by the area under the gap-recovered curve of their expected gain,
 * the score routing uses. On MMLU held-out subjects that pick fell from 0.65–0.67 APGR to 0.59: with every 4th
 * training subject validating, the area rests on about seven subjects and rewards whichever pair happens to order
 * those few; log-loss is a proper score over every validation row and far steadier.
 */
record HeadSelection(Pick weak, Pick strong, String reason) {
    static final int CV_BELOW_ROWS = 5000;
    static final int FOLDS = 5;

    /**
     * One head's L2, the held-out log-loss it was picked by, and its fit on the training rows (which still scores the
     * validation rows as unseen).
     */
    record Pick(String name, LogisticRegression.Fit chosen, double l2, double loss) {
        DifficultyArtifact.HeadFit summary() {
            return new DifficultyArtifact.HeadFit(name, l2, chosen.iterations(), loss);
        }

        /** The same L2 solved again on the marked rows of all (training and validation). */
        DifficultyArtifact.Weights refit(double[][] x, double[] labels, boolean[] rows, int dims) {
            var bag = Rows.where(x, labels, rows, true);
            var fit = LogisticRegression.refit(bag.x(), bag.y(), LogisticRegression.Settings.withL2(l2), chosen);
            double[] w = fit.weights();
            return new DifficultyArtifact.Weights(DifficultyModel.boxed(Arrays.copyOf(w, dims)),
                    DifficultyModel.boxed(Arrays.copyOfRange(w, dims, w.length)), fit.bias());
        }
    }

    /** Each row's cross-validation fold, and how the folds were drawn. */
    record Folds(int[] ofRow, String description) {}

    /** {@code folds}: the cross-validation folds, or null to pick on the validation rows. */
    static HeadSelection pick(double[][] x, double[] weakLabels, double[] strongLabels, boolean[] validation, Folds folds) {
        var weak = lowestLoss(fits("weak", x, weakLabels, validation, folds));
        var strong = lowestLoss(fits("strong", x, strongLabels, validation, folds));
        return new HeadSelection(weak, strong, (folds == null ? "validation log-loss"
                : FOLDS + "-fold cross-validated log-loss (" + folds.description() + ")") + ", each head on its own");
    }

    /**
     * The folds when there are under {@link #CV_BELOW_ROWS} rows, else null: whole groups round-robin by name when
     * validating on groups and there are at least {@link #FOLDS} of them, else rows at random (seeded).
     */
    static Folds folds(List<RoutingExample> examples, DifficultyTrainer.Validation mode, long seed) {
        if (examples.size() >= CV_BELOW_ROWS) return null;
        int[] folds = new int[examples.size()];
        var groups = new java.util.TreeSet<>(examples.stream().map(RoutingExample::group).toList());
        if (mode == DifficultyTrainer.Validation.GROUPS && groups.size() >= FOLDS) {
            var foldOfGroup = new java.util.HashMap<String, Integer>();
            for (String g : groups) foldOfGroup.put(g, foldOfGroup.size() % FOLDS);
            for (int i = 0; i < folds.length; i++) folds[i] = foldOfGroup.get(examples.get(i).group());
            return new Folds(folds, "whole groups per fold");
        }
        var random = new java.util.Random(seed);
        for (int i = 0; i < folds.length; i++) folds[i] = random.nextInt(FOLDS);
        return new Folds(folds, "rows at random");
    }

    private static Pick lowestLoss(List<Pick> picks) {
        Pick best = picks.getFirst();
        for (var p : picks) if (p.loss() < best.loss()) best = p;
        return best;
    }

    /**
     * One fit per L2 of the grid on the training rows, measured on the validation rows; with folds, the L2 is judged
     * by the cross-validated loss instead.
     */
    private static List<Pick> fits(String name, double[][] x, double[] labels, boolean[] validation, Folds folds) {
        List<Pick> picks = new ArrayList<>();
        for (double l2 : DifficultyTrainer.L2_GRID) {
            var settings = LogisticRegression.Settings.withL2(l2);
            var fit = fitOn(x, labels, validation, settings);
            double loss = fit.validationLoss();
            if (folds != null) {
                loss = 0;
                for (int k = 0; k < FOLDS; k++) {
                    boolean[] held = new boolean[x.length];
                    for (int i = 0; i < held.length; i++) held[i] = folds.ofRow()[i] == k;
                    var foldFit = fitOn(x, labels, held, settings);
                    int count = 0;
                    for (boolean h : held) if (h) count++;
                    if (count > 0) loss += foldFit.validationLoss() * count / x.length;
                }
            }
            picks.add(new Pick(name, fit, l2, loss));
        }
        return picks;
    }

    /** A fit on the rows not {@code held}, measured on the held ones. */
    private static LogisticRegression.Fit fitOn(double[][] x, double[] labels, boolean[] held, LogisticRegression.Settings settings) {
        var train = Rows.where(x, labels, held, false);
        var measured = Rows.where(x, labels, held, true);
        return LogisticRegression.train(train.x(), train.y(), measured.x(), measured.y(), settings);
    }

    /** The rows (features and labels) whose flag in {@code mask} equals {@code value}. */
    private record Rows(double[][] x, double[] y) {
        static Rows where(double[][] x, double[] labels, boolean[] mask, boolean value) {
            int count = 0;
            for (boolean m : mask) if (m == value) count++;
            double[][] rx = new double[count][];
            double[] ry = new double[count];
            for (int i = 0, k = 0; i < x.length; i++) {
                if (mask[i] != value) continue;
                rx[k] = x[i];
                ry[k++] = labels[i];
            }
            return new Rows(rx, ry);
        }
    }
}
