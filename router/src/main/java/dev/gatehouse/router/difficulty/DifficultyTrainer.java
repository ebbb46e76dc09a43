package dev.gatehouse.router.difficulty;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/**
 * Fits a {@link DifficultyModel} to labelled prompts. Label: the strong model scores higher than the weak one
 * ("strong wins", RouteLLM's P(strong wins) with correctness as the preference): that is exactly when routing to the
 * strong model buys quality; "the weak model fails" would also count prompts both models fail, where the strong call
 * is pure cost. Validation rows drive early stopping, the L2 strength (from a small grid, by log-loss) and the
 * weight of the topic prior (from a small grid, by the share of the quality gap recovered). Which rows validate says
 * what the model is for: {@link Validation#PROMPTS} (held-out prompts of the same topics) for a router trained on the
 * traffic it will serve, {@link Validation#GROUPS} (held-out subjects or benchmarks) for one that must carry over to
 * topics it never saw — there the prior's weight usually drops to 0, because topic pockets do not transfer.
 */
public final class DifficultyTrainer {
    static final double[] L2_GRID = {1e-4, 1e-3, 1e-2};
    static final double[] PRIOR_WEIGHTS = {0, 0.25, 0.5, 1, 2, 4};

    /** Which rows check the fit: a seeded fifth of the prompts, or every 4th group by name (prompts if under 4 groups). */
    public enum Validation { PROMPTS, GROUPS }
    static final String EMBEDDING_INPUT = "the prompt text as the router sees it (last user message), unit-length vector";

    /** What the data was: recorded in the artifact. */
    public record Provenance(List<String> sources, String weakModel, String strongModel, String embedderName) {}

    private DifficultyTrainer() {}

    public static DifficultyModel train(List<RoutingExample> examples, float[][] embeddings, Provenance provenance, long seed,
            Validation mode) {
        if (examples.size() < 10) throw new IllegalArgumentException("need at least 10 labelled prompts, had " + examples.size());
        int n = examples.size();
        double[][] cheapRaw = new double[n][];
        for (int i = 0; i < n; i++) cheapRaw[i] = PromptFeatures.of(examples.get(i).prompt());
        boolean[] validation = new boolean[n];
        String split = chooseValidation(examples, validation, seed, mode);
        var cheap = standardisation(cheapRaw, validation);
        List<double[]> trainX = new ArrayList<>(), validX = new ArrayList<>();
        List<Double> trainY = new ArrayList<>(), validY = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double[] x = row(embeddings[i], cheapRaw[i], cheap);
            double y = examples.get(i).strongWins() ? 1 : 0;
            (validation[i] ? validX : trainX).add(x);
            (validation[i] ? validY : trainY).add(y);
        }
        double[][] tx = trainX.toArray(double[][]::new), vx = validX.toArray(double[][]::new);
        double[] ty = trainY.stream().mapToDouble(Double::doubleValue).toArray();
        double[] vy = validY.stream().mapToDouble(Double::doubleValue).toArray();
        LogisticRegression.Fit best = null;
        double bestL2 = 0;
        for (double l2 : L2_GRID) {
            var fit = LogisticRegression.train(tx, ty, vx, vy, LogisticRegression.Settings.withL2(l2, seed));
            if (best == null || fit.validationLoss() < best.validationLoss()) {
                best = fit;
                bestL2 = l2;
            }
        }
        int dims = embeddings[0].length;
        double[] w = best.weights();
        var weights = new DifficultyArtifact.Weights(DifficultyModel.boxed(java.util.Arrays.copyOf(w, dims)),
                DifficultyModel.boxed(java.util.Arrays.copyOfRange(w, dims, w.length)), best.bias());
        var features = new DifficultyArtifact.Features(provenance.embedderName(), dims, EMBEDDING_INPUT, cheap);
        var blend = PriorBlend.choose(examples, embeddings, validation, w, best.bias(), cheapRaw, cheap, seed);
        double positives = examples.stream().filter(RoutingExample::strongWins).count() / (double) n;
        var training = new DifficultyArtifact.Training(provenance.sources(), n, tx.length, vx.length,
                provenance.weakModel(), provenance.strongModel(), positives, split,
                "logistic regression, mini-batch Adam (lr 0.01, batch 128), early stopping (patience 8) on validation "
                        + "log-loss, L2 picked from " + java.util.Arrays.toString(L2_GRID),
                bestL2, best.bestEpoch(), best.validationLoss(), blend.description(), seed);
        var uncalibrated = new DifficultyArtifact(DifficultyModel.FORMAT, Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(),
                features, "1 = the strong model scored higher than the weak model on this prompt (strong wins)",
                training, weights, blend.prior(), Calibration.of(new double[] {0, 1}, "placeholder"));
        var model = new DifficultyModel(uncalibrated);
        double[] scores = new double[n];
        for (int i = 0; i < n; i++) scores[i] = model.score(examples.get(i).prompt(), embeddings[i]);
        return model.recalibrated(Calibration.of(scores, "the " + n + " training and validation prompts"));
    }

    /** Marks validation rows: every 4th group by name for GROUPS with 4+ groups, else a seeded 20% of rows. */
    private static String chooseValidation(List<RoutingExample> examples, boolean[] validation, long seed, Validation mode) {
        Set<String> groups = new TreeSet<>(examples.stream().map(RoutingExample::group).toList());
        if (mode == Validation.GROUPS && groups.size() >= 4) {
            List<String> sorted = List.copyOf(groups);
            Set<String> held = new TreeSet<>();
            for (int i = 1; i < sorted.size(); i += 4) held.add(sorted.get(i));
            for (int i = 0; i < validation.length; i++) validation[i] = held.contains(examples.get(i).group());
            return "groups held out for early stopping (every 4th by name): " + held;
        }
        var random = new Random(seed);
        for (int i = 0; i < validation.length; i++) validation[i] = random.nextDouble() < 0.2;
        return "20% of rows at random (seed " + seed + ")"
                + (mode == Validation.GROUPS ? "; fewer than 4 groups to hold out" : ", held-out prompts of the same topics");
    }

    static List<DifficultyArtifact.CheapFeature> standardisation(double[][] raw, boolean[] validation) {
        var out = new ArrayList<DifficultyArtifact.CheapFeature>();
        for (int j = 0; j < PromptFeatures.NAMES.size(); j++) {
            double sum = 0, squares = 0;
            int count = 0;
            for (int i = 0; i < raw.length; i++) {
                if (validation[i]) continue;
                sum += raw[i][j];
                squares += raw[i][j] * raw[i][j];
                count++;
            }
            double mean = sum / Math.max(1, count);
            double spread = Math.sqrt(Math.max(0, squares / Math.max(1, count) - mean * mean));
            out.add(new DifficultyArtifact.CheapFeature(PromptFeatures.NAMES.get(j), mean, spread > 1e-9 ? spread : 1));
        }
        return out;
    }

    static double[] row(float[] embedding, double[] cheapRaw, List<DifficultyArtifact.CheapFeature> cheap) {
        double[] x = new double[embedding.length + cheapRaw.length];
        for (int j = 0; j < embedding.length; j++) x[j] = embedding[j];
        for (int j = 0; j < cheapRaw.length; j++) {
            x[embedding.length + j] = (cheapRaw[j] - cheap.get(j).mean()) / cheap.get(j).spread();
        }
        return x;
    }
}
