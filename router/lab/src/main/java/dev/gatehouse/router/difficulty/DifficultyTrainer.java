package dev.gatehouse.router.difficulty;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/**
 * Fits a {@link DifficultyModel} to labelled prompts: one logistic head per model for P(it answers correctly), so the
 * score is the strong model's expected gain, E[strong score − weak score | prompt] — what a strong call buys. A single
 * "strong wins" classifier would ignore the prompts where the weak model wins, and each head learns from every row's
 * own label (about 70–80% positives) instead of a rare one (about 18% on MMLU); on held-out MMLU subjects this moved
 * APGR from 0.602 to 0.618, over 12 random subject halves from 0.593 to 0.615, on held-out MMLU prompts from 0.653 to
 * 0.689. Validation rows pick each head's L2 (by log-loss, see {@link HeadSelection}) and the share of the topic prior;
 * the heads are then solved again on all rows, in {@link Bagging bags}. Which rows validate says what the model is for:
 * {@link Validation#PROMPTS} (held-out prompts of the same topics) for a router trained on the traffic it will serve,
 * {@link Validation#GROUPS} (held-out subjects or benchmarks) for one that must carry over to topics it never saw —
 * there the topic prior is left out, since it only knows the training topics.
 */
public final class DifficultyTrainer {
    static final double[] L2_GRID = {1e-4, 1e-3, 1e-2, 1e-1};
    static final double[] PRIOR_WEIGHTS = {0, 0.1, 0.25, 0.5, 0.75, 1};
    static final int BAGS = 5;
    /** Each cheap feature is clamped to the training rows' [0.5%, 99.5%] quantile range; see {@link DifficultyArtifact.CheapFeature}. */
    static final double RANGE_TAIL = 0.005;

    /** Which rows check the fit: a seeded fifth of the prompts, or every 4th group by name (prompts if under 4 groups). */
    public enum Validation { PROMPTS, GROUPS }
    static final String EMBEDDING_INPUT = "the prompt text as the router sees it (last user message), unit-length vector";
    static final String LABEL = "score = (1 + tanh(gain)) / 2, gain = P(strong correct) − P(weak correct) from the two heads "
            + "mixed with the topic prior by its share: the quality a strong call is expected to add";

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
        var scale = ScoreScale.of(examples);
        double[][] x = new double[n][];
        for (int i = 0; i < n; i++) x[i] = row(embeddings[i], cheapRaw[i], cheap);
        double[] weakLabels = examples.stream().mapToDouble(e -> scale.label(e.weakScore())).toArray();
        double[] strongLabels = examples.stream().mapToDouble(e -> scale.label(e.strongScore())).toArray();
        var heads = HeadSelection.pick(x, weakLabels, strongLabels, validation, HeadSelection.folds(examples, mode, seed));
        var weak = heads.weak();
        var strong = heads.strong();

        double[] headGains = new double[n];
        for (int i = 0; i < n; i++) {
            headGains[i] = DifficultyModel.headGain(strong.chosen().logit(x[i]), weak.chosen().logit(x[i]));
        }
        var blend = PriorBlend.choose(examples, embeddings, validation, headGains, mode == Validation.PROMPTS, seed);
        int dims = embeddings[0].length;
        var bags = new ArrayList<DifficultyArtifact.Heads>();
        var bagging = new Bagging(examples, seed);
        for (int b = 0; b < BAGS; b++) {
            boolean[] rows = bagging.rows(b);
            bags.add(new DifficultyArtifact.Heads(weak.refit(x, weakLabels, rows, dims), strong.refit(x, strongLabels, rows, dims)));
        }
        var features = new DifficultyArtifact.Features(provenance.embedderName(), dims, EMBEDDING_INPUT, cheap);
        int validationRows = 0;
        for (boolean v : validation) if (v) validationRows++;
        var training = new DifficultyArtifact.Training(provenance.sources(), n, n - validationRows, validationRows,
                provenance.weakModel(), provenance.strongModel(), meanScore(examples, true), meanScore(examples, false),
                split, scale.description(), "two logistic heads (weak correct, strong correct), each solved to its "
                        + "optimum by full-batch L-BFGS, L2 picked from " + Arrays.toString(L2_GRID) + " by "
                        + heads.reason() + "; then " + BAGS
                        + " bags, each head solved again with its L2 on " + bagging.description()
                        + " of all rows, the bags' expected gains averaged",
                List.of(weak.summary(), strong.summary()), blend.description(), seed);
        var uncalibrated = new DifficultyArtifact(DifficultyModel.FORMAT, Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(),
                features, LABEL, training, bags, blend.prior(), Calibration.of(new double[] {0, 1}, "placeholder"));
        var model = new DifficultyModel(uncalibrated);
        double[] scores = new double[n];
        for (int i = 0; i < n; i++) scores[i] = model.score(examples.get(i).prompt(), embeddings[i]);
        return model.recalibrated(Calibration.of(scores, "the " + n + " training and validation prompts"));
    }

    private static double meanScore(List<RoutingExample> examples, boolean weak) {
        return examples.stream().mapToDouble(e -> weak ? e.weakScore() : e.strongScore()).average().orElse(0);
    }

    /**
     * Scores become head labels in [0, 1]: as they are when every score lies in [0, 1] (correct/wrong, pass rates),
     * else min–max over both models' scores (e.g. 1–10 judge ratings), so the heads' gap keeps the scores' order.
     */
    record ScoreScale(double low, double high) {
        static ScoreScale of(List<RoutingExample> examples) {
            double low = 0, high = 1;
            for (var e : examples) {
                low = Math.min(low, Math.min(e.weakScore(), e.strongScore()));
                high = Math.max(high, Math.max(e.weakScore(), e.strongScore()));
            }
            return new ScoreScale(low, high);
        }

        double label(double score) {
            return (score - low) / (high - low);
        }

        String description() {
            return low == 0 && high == 1 ? "scores used as labels (all in [0, 1])"
                    : String.format(Locale.ROOT, "scores mapped from [%s, %s] onto [0, 1]", low, high);
        }
    }

    /** Marks validation rows: every 4th group by name for GROUPS with 4+ groups, else a seeded 20% of rows. */
    private static String chooseValidation(List<RoutingExample> examples, boolean[] validation, long seed, Validation mode) {
        Set<String> groups = new TreeSet<>(examples.stream().map(RoutingExample::group).toList());
        if (mode == Validation.GROUPS && groups.size() >= 4) {
            List<String> sorted = List.copyOf(groups);
            Set<String> held = new TreeSet<>();
            for (int i = 1; i < sorted.size(); i += 4) held.add(sorted.get(i));
            for (int i = 0; i < validation.length; i++) validation[i] = held.contains(examples.get(i).group());
            return "groups held out for validation (every 4th by name): " + held;
        }
        var random = new Random(seed);
        for (int i = 0; i < validation.length; i++) validation[i] = random.nextDouble() < 0.2;
        return "20% of rows at random (seed " + seed + ")"
                + (mode == Validation.GROUPS ? "; fewer than 4 groups to hold out" : ", held-out prompts of the same topics");
    }

    static List<DifficultyArtifact.CheapFeature> standardisation(double[][] raw, boolean[] validation) {
        var out = new ArrayList<DifficultyArtifact.CheapFeature>();
        int count = 0;
        for (boolean v : validation) if (!v) count++;
        for (int j = 0; j < PromptFeatures.NAMES.size(); j++) {
            double[] values = new double[count];
            int k = 0;
            for (int i = 0; i < raw.length; i++) if (!validation[i]) values[k++] = raw[i][j];
            Arrays.sort(values);
            double low = quantile(values, RANGE_TAIL), high = quantile(values, 1 - RANGE_TAIL);
            double sum = 0, squares = 0;
            for (double v : values) {
                double clamped = Math.min(high, Math.max(low, v));
                sum += clamped;
                squares += clamped * clamped;
            }
            double mean = sum / Math.max(1, count);
            double spread = Math.sqrt(Math.max(0, squares / Math.max(1, count) - mean * mean));
            out.add(new DifficultyArtifact.CheapFeature(PromptFeatures.NAMES.get(j), low, high, mean, spread > 1e-9 ? spread : 1));
        }
        return out;
    }

    /** The value below which a share q of the sorted values lie (nearest rank). */
    private static double quantile(double[] sorted, double q) {
        if (sorted.length == 0) return 0;
        return sorted[(int) Math.min(sorted.length - 1, Math.max(0, Math.round(q * (sorted.length - 1))))];
    }

    static double[] row(float[] embedding, double[] cheapRaw, List<DifficultyArtifact.CheapFeature> cheap) {
        double[] x = new double[embedding.length + cheapRaw.length];
        for (int j = 0; j < embedding.length; j++) x[j] = embedding[j];
        for (int j = 0; j < cheapRaw.length; j++) {
            x[embedding.length + j] = cheap.get(j).standardised(cheapRaw[j]);
        }
        return x;
    }
}
