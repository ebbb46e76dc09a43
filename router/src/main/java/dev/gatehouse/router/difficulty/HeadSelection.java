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
            List<double[]> bx = new ArrayList<>();
            List<Double> by = new ArrayList<>();
            for (int i = 0; i < x.length; i++) {
                if (!rows[i]) continue;
                bx.add(x[i]);
                by.add(labels[i]);
            }
            var fit = LogisticRegression.refit(bx.toArray(double[][]::new), by.stream().mapToDouble(Double::doubleValue).toArray(),
                    LogisticRegression.Settings.withL2(l2), chosen);
            double[] w = fit.weights();
            return new DifficultyArtifact.Weights(DifficultyModel.boxed(Arrays.copyOf(w, dims)),
                    DifficultyModel.boxed(Arrays.copyOfRange(w, dims, w.length)), fit.bias());
        }
    }

    /** {@code folds}: each row's cross-validation fold, or null to pick on the validation rows. */
    static HeadSelection pick(double[][] x, double[] weakLabels, double[] strongLabels, boolean[] validation, int[] folds,
            String foldsDescription) {
        var weak = lowestLoss(fits("weak", x, weakLabels, validation, folds));
        var strong = lowestLoss(fits("strong", x, strongLabels, validation, folds));
        return new HeadSelection(weak, strong, (folds == null ? "validation log-loss"
                : FOLDS + "-fold cross-validated log-loss (" + foldsDescription + ")") + ", each head on its own");
    }

    /**
     * Each row's fold when there are under {@link #CV_BELOW_ROWS} rows, else null: whole groups round-robin by name
     * when validating on groups and there are at least {@link #FOLDS} of them, else rows at random (seeded).
     */
    static int[] folds(List<RoutingExample> examples, DifficultyTrainer.Validation mode, long seed) {
        if (examples.size() >= CV_BELOW_ROWS) return null;
        int[] folds = new int[examples.size()];
        var groups = List.copyOf(new java.util.TreeSet<>(examples.stream().map(RoutingExample::group).toList()));
        if (mode == DifficultyTrainer.Validation.GROUPS && groups.size() >= FOLDS) {
            for (int i = 0; i < folds.length; i++) folds[i] = groups.indexOf(examples.get(i).group()) % FOLDS;
        } else {
            var random = new java.util.Random(seed);
            for (int i = 0; i < folds.length; i++) folds[i] = random.nextInt(FOLDS);
        }
        return folds;
    }

    static String foldsDescription(List<RoutingExample> examples, DifficultyTrainer.Validation mode) {
        long groups = examples.stream().map(RoutingExample::group).distinct().count();
        return mode == DifficultyTrainer.Validation.GROUPS && groups >= FOLDS ? "whole groups per fold" : "rows at random";
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
    private static List<Pick> fits(String name, double[][] x, double[] labels, boolean[] validation, int[] folds) {
        List<Pick> picks = new ArrayList<>();
        for (double l2 : DifficultyTrainer.L2_GRID) {
            var settings = LogisticRegression.Settings.withL2(l2);
            var fit = fitOn(x, labels, validation, settings);
            double loss = fit.validationLoss();
            if (folds != null) {
                loss = 0;
                for (int k = 0; k < FOLDS; k++) {
                    boolean[] held = new boolean[x.length];
                    for (int i = 0; i < held.length; i++) held[i] = folds[i] == k;
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
        List<double[]> trainX = new ArrayList<>(), heldX = new ArrayList<>();
        List<Double> trainY = new ArrayList<>(), heldY = new ArrayList<>();
        for (int i = 0; i < x.length; i++) {
            (held[i] ? heldX : trainX).add(x[i]);
            (held[i] ? heldY : trainY).add(labels[i]);
        }
        return LogisticRegression.train(trainX.toArray(double[][]::new), trainY.stream().mapToDouble(Double::doubleValue).toArray(),
                heldX.toArray(double[][]::new), heldY.stream().mapToDouble(Double::doubleValue).toArray(), settings);
    }
}
