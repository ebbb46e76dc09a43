package dev.gatehouse.router.difficulty;

import java.util.List;

/**
 * The JSON form of a {@link DifficultyModel}: format version, feature spec, label, training description, the heads'
 * weights (one weak/strong pair per bag), the topic prior and the calibration table. Everything needed to know what
 * the numbers mean travels inside the file.
 */
public record DifficultyArtifact(String format, String createdAt, Features features, String label, Training training,
        List<Heads> heads, Prior prior, Calibration calibration) {

    /**
     * @param embedder       the sentence embedder the weights expect (e.g. all-minilm-l6-v2)
     * @param dimensions     its output size
     * @param embeddingInput what text is embedded and how the vector is normalised
     * @param cheap          cheap features in order, each clamped into [low, high] and standardised as
     *                       (value − mean) / spread
     */
    public record Features(String embedder, int dimensions, String embeddingInput, List<CheapFeature> cheap) {}

    /**
     * One cheap feature's transform. {@code low} and {@code high} are the training rows' 0.5% and 99.5% quantiles: a
     * linear head has no evidence beyond them, and a prompt of another shape (a chat message beside four-option
     * questions) would otherwise meet a weight fitted to a near-constant feature at dozens of spreads from its mean.
     */
    public record CheapFeature(String name, double low, double high, double mean, double spread) {
        double standardised(double raw) {
            return (Math.min(high, Math.max(low, raw)) - mean) / spread;
        }
    }

    /**
     * @param sources         the files trained on
     * @param weakMeanScore   the weak model's mean score over all rows (its accuracy for 0/1 scores)
     * @param validationSplit how the early-stopping validation rows were chosen
     * @param scoreScale      how the scores were mapped onto [0, 1] labels for the heads
     * @param fits            per head: the L2 picked, the solver's iterations and the validation log-loss
     */
    public record Training(List<String> sources, int rows, int trainingRows, int validationRows, String weakModel,
            String strongModel, double weakMeanScore, double strongMeanScore, String validationSplit, String scoreScale,
            String method, List<HeadFit> fits, String blend, long seed) {}

    public record HeadFit(String head, double l2, int iterations, double validationLogLoss) {}

    /** One logistic head: P(this model answers correctly) over the embedding and the standardised cheap features. */
    public record Weights(List<Double> embedding, List<Double> cheap, double bias) {}

    /**
     * One bag's weak-model head and strong-model head; the expected gain is the gap between their probabilities,
     * averaged over the bags.
     */
    public record Heads(Weights weak, Weights strong) {}

    /**
     * The topic prior ({@link TopicPrior}) and how it joins the heads: gain = (1 − weight) × heads' gain + weight × prior.
     *
     * @param weight    the prior's share of the expected gain, in [0, 1]
     * @param centroids unit-length centroids, base64 of little-endian float32 each
     * @param gains     mean strong − weak score of the training prompts nearest each centroid, smoothed
     */
    public record Prior(String method, double weight, List<Double> gains, List<String> centroids) {}

    DifficultyArtifact withCalibration(Calibration replacement) {
        return new DifficultyArtifact(format, createdAt, features, label, training, heads, prior, replacement);
    }

    /** This artifact, or IllegalArgumentException naming every part that this code cannot use. */
    DifficultyArtifact validated() {
        var problems = new java.util.ArrayList<String>();
        if (!DifficultyModel.FORMAT.equals(format)) {
            problems.add("format: expected " + DifficultyModel.FORMAT + ", was " + format);
        }
        if (features == null || heads == null || heads.isEmpty() || prior == null || calibration == null) {
            problems.add("features, heads (at least one weak/strong pair), prior and calibration are all required");
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        List<String> names = features.cheap() == null ? List.of() : features.cheap().stream().map(CheapFeature::name).toList();
        if (!names.equals(PromptFeatures.NAMES)) {
            problems.add("features.cheap: expected " + PromptFeatures.NAMES + ", was " + names);
        }
        for (int b = 0; b < heads.size(); b++) {
            var pair = heads.get(b);
            if (pair == null || pair.weak() == null || pair.strong() == null) {
                problems.add("heads[" + b + "]: needs both weak and strong");
                continue;
            }
            checkHead("heads[" + b + "].weak", pair.weak(), names.size(), problems);
            checkHead("heads[" + b + "].strong", pair.strong(), names.size(), problems);
        }
        if (features.cheap() != null && features.cheap().stream().anyMatch(f -> !(f.spread() > 0))) {
            problems.add("features.cheap: every spread must be > 0");
        }
        if (features.cheap() != null && features.cheap().stream().anyMatch(f -> !(f.low() <= f.high()))) {
            problems.add("features.cheap: every low must be <= its high");
        }
        if (prior.gains() == null || prior.centroids() == null || prior.gains().size() != prior.centroids().size()
                || (prior.centroids().isEmpty() && prior.weight() != 0)) {
            problems.add("prior: expected as many gains as centroids, and at least one when its weight is above 0");
        } else if (prior.centroids().stream().anyMatch(c -> c == null || c.length() != base64Length(features.dimensions()))) {
            problems.add("prior.centroids: every centroid must hold " + features.dimensions() + " float32 values in base64");
        }
        if (!(prior.weight() >= 0 && prior.weight() <= 1)) problems.add("prior.weight: must be in [0, 1], was " + prior.weight());
        if (!problems.isEmpty()) throw new IllegalArgumentException(String.join("; ", problems));
        return this;
    }

    private void checkHead(String key, Weights head, int cheapFeatures, List<String> problems) {
        if (head.embedding() == null || head.embedding().size() != features.dimensions()) {
            problems.add(key + ".embedding: expected " + features.dimensions() + " values (features.dimensions), was "
                    + (head.embedding() == null ? "missing" : head.embedding().size()));
        }
        if (head.cheap() == null || head.cheap().size() != cheapFeatures) {
            problems.add(key + ".cheap: expected one weight per cheap feature (" + cheapFeatures + ")");
        }
    }

    private static int base64Length(int floats) {
        return (floats * 4 + 2) / 3 * 4;
    }
}
