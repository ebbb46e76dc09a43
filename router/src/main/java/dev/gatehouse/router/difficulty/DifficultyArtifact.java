package dev.gatehouse.router.difficulty;

import java.util.List;

/**
 * The JSON form of a {@link DifficultyModel}: format version, feature spec, label, training description, weights and
 * calibration table. Everything needed to know what the numbers mean travels inside the file.
 */
public record DifficultyArtifact(String format, String createdAt, Features features, String label, Training training,
        Weights weights, Prior prior, Calibration calibration) {

    /**
     * @param embedder       the sentence embedder the weights expect (e.g. all-minilm-l6-v2)
     * @param dimensions     its output size
     * @param embeddingInput what text is embedded and how the vector is normalised
     * @param cheap          cheap features in order, each standardised as (value − mean) / spread
     */
    public record Features(String embedder, int dimensions, String embeddingInput, List<CheapFeature> cheap) {}

    public record CheapFeature(String name, double mean, double spread) {}

    /**
     * @param sources         the files trained on
     * @param validationSplit how the early-stopping validation rows were chosen
     * @param positiveShare   share of training rows with label 1
     */
    public record Training(List<String> sources, int rows, int trainingRows, int validationRows, String weakModel,
            String strongModel, double positiveShare, String validationSplit, String method, double l2, int epochs,
            double validationLogLoss, String blend, long seed) {}

    public record Weights(List<Double> embedding, List<Double> cheap, double bias) {}

    /**
     * The topic prior ({@link TopicPrior}) and how it joins the logistic model: logit + weight × (prior − mean) / spread.
     *
     * @param centroids unit-length centroids, base64 of little-endian float32 each
     * @param gains     mean strong − weak score of the training prompts nearest each centroid, smoothed
     */
    public record Prior(String method, double weight, double mean, double spread, List<Double> gains, List<String> centroids) {}

    DifficultyArtifact withCalibration(Calibration replacement) {
        return new DifficultyArtifact(format, createdAt, features, label, training, weights, prior, replacement);
    }

    /** This artifact, or IllegalArgumentException naming every part that this code cannot use. */
    DifficultyArtifact validated() {
        var problems = new java.util.ArrayList<String>();
        if (!DifficultyModel.FORMAT.equals(format)) {
            problems.add("format: expected " + DifficultyModel.FORMAT + ", was " + format);
        }
        if (features == null || weights == null || prior == null || calibration == null) {
            problems.add("features, weights, prior and calibration are all required");
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        if (weights.embedding() == null || weights.embedding().size() != features.dimensions()) {
            problems.add("weights.embedding: expected " + features.dimensions() + " values (features.dimensions), was "
                    + (weights.embedding() == null ? "missing" : weights.embedding().size()));
        }
        List<String> names = features.cheap() == null ? List.of() : features.cheap().stream().map(CheapFeature::name).toList();
        if (!names.equals(PromptFeatures.NAMES)) {
            problems.add("features.cheap: expected " + PromptFeatures.NAMES + ", was " + names);
        }
        if (weights.cheap() == null || weights.cheap().size() != names.size()) {
            problems.add("weights.cheap: expected one weight per cheap feature (" + names.size() + ")");
        }
        if (features.cheap() != null && features.cheap().stream().anyMatch(f -> !(f.spread() > 0))) {
            problems.add("features.cheap: every spread must be > 0");
        }
        if (prior.gains() == null || prior.centroids() == null || prior.centroids().isEmpty()
                || prior.gains().size() != prior.centroids().size()) {
            problems.add("prior: expected as many gains as centroids, and at least one");
        } else if (prior.centroids().stream().anyMatch(c -> c == null || c.length() != base64Length(features.dimensions()))) {
            problems.add("prior.centroids: every centroid must hold " + features.dimensions() + " float32 values in base64");
        }
        if (!(prior.spread() > 0)) problems.add("prior.spread: must be > 0");
        if (!problems.isEmpty()) throw new IllegalArgumentException(String.join("; ", problems));
        return this;
    }

    private static int base64Length(int floats) {
        return (floats * 4 + 2) / 3 * 4;
    }
}
