package dev.gatehouse.router.difficulty;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Picks each head's L2 by its own log-loss on the validation rows. Tried and measured against it: picking the pair by
 * the area under the gap-recovered curve of their expected gain, the score routing uses. On MMLU held-out subjects that
 * pick fell from 0.65–0.67 APGR to 0.59: with every 4th training subject validating, the area rests on about seven
 * subjects and rewards whichever pair happens to order those few; log-loss is a proper score over every validation row
 * and far steadier.
 */
record HeadSelection(Pick weak, Pick strong, String reason) {

    /** One head's L2 and the fit on the training rows that was judged (it still scores the validation rows as unseen). */
    record Pick(String name, LogisticRegression.Fit chosen, double l2) {
        DifficultyArtifact.HeadFit summary() {
            return new DifficultyArtifact.HeadFit(name, l2, chosen.iterations(), chosen.validationLoss());
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

    static HeadSelection pick(double[][] x, double[] weakLabels, double[] strongLabels, boolean[] validation) {
        var weak = lowestLoss(fits("weak", x, weakLabels, validation));
        var strong = lowestLoss(fits("strong", x, strongLabels, validation));
        return new HeadSelection(weak, strong, "validation log-loss, each head on its own");
    }

    private static Pick lowestLoss(List<Pick> picks) {
        Pick best = picks.getFirst();
        for (var p : picks) if (p.chosen().validationLoss() < best.chosen().validationLoss()) best = p;
        return best;
    }

    /** One fit per L2 of the grid, on the training rows, measured on the validation rows. */
    private static List<Pick> fits(String name, double[][] x, double[] labels, boolean[] validation) {
        List<double[]> trainX = new ArrayList<>(), validX = new ArrayList<>();
        List<Double> trainY = new ArrayList<>(), validY = new ArrayList<>();
        for (int i = 0; i < x.length; i++) {
            (validation[i] ? validX : trainX).add(x[i]);
            (validation[i] ? validY : trainY).add(labels[i]);
        }
        double[][] tx = trainX.toArray(double[][]::new), vx = validX.toArray(double[][]::new);
        double[] ty = trainY.stream().mapToDouble(Double::doubleValue).toArray();
        double[] vy = validY.stream().mapToDouble(Double::doubleValue).toArray();
        List<Pick> picks = new ArrayList<>();
        for (double l2 : DifficultyTrainer.L2_GRID) {
            picks.add(new Pick(name, LogisticRegression.train(tx, ty, vx, vy, LogisticRegression.Settings.withL2(l2)), l2));
        }
        return picks;
    }
}
