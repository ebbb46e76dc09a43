package dev.gatehouse.router.difficulty;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The learned difficulty scorer: logistic regression over the prompt's sentence embedding and standardised cheap
 * features, plus the {@link TopicPrior} (the strong model's mean gain near the prompt's topic) with a weight chosen on
 * validation prompts, giving a score in [0, 1] that orders prompts by how much the strong model is needed. Lives in a
 * small versioned JSON artifact that also says how it was trained and carries its calibration table.
 */
public final class DifficultyModel implements DifficultyScorer {
    /** The artifact format this code reads and writes. */
    public static final String FORMAT = "gatehouse-difficulty/2";
    /** The default model shipped in the jar, trained on the shared RouteLLM MMLU data. */
    public static final String BUILTIN_RESOURCE = "/dev/gatehouse/router/difficulty/builtin-difficulty.json";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final DifficultyArtifact artifact;
    private final double[] embeddingWeights;
    private final double[] cheapWeights;
    private final double[] cheapMeans;
    private final double[] cheapSpreads;
    private final TopicPrior prior;

    DifficultyModel(DifficultyArtifact artifact) {
        this.artifact = artifact.validated();
        this.embeddingWeights = artifact.weights().embedding().stream().mapToDouble(Double::doubleValue).toArray();
        this.cheapWeights = artifact.weights().cheap().stream().mapToDouble(Double::doubleValue).toArray();
        this.cheapMeans = artifact.features().cheap().stream().mapToDouble(DifficultyArtifact.CheapFeature::mean).toArray();
        this.cheapSpreads = artifact.features().cheap().stream().mapToDouble(DifficultyArtifact.CheapFeature::spread).toArray();
        this.prior = TopicPrior.decode(artifact.prior().centroids(), artifact.prior().gains());
    }

    /** Reads an artifact; IllegalArgumentException says what is wrong with it and where. */
    public static DifficultyModel load(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString());
        }
    }

    /** Reads an artifact from the class path. */
    public static DifficultyModel fromResource(String name) {
        try (InputStream in = DifficultyModel.class.getResourceAsStream(name)) {
            if (in == null) throw new IllegalArgumentException("no resource " + name + " on the class path");
            return read(in, name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The default model shipped with Gatehouse; see its {@code training} block for provenance. */
    public static DifficultyModel builtin() {
        return fromResource(BUILTIN_RESOURCE);
    }

    private static DifficultyModel read(InputStream in, String source) throws IOException {
        DifficultyArtifact artifact;
        try {
            artifact = JSON.readValue(in, DifficultyArtifact.class);
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new IllegalArgumentException(source + ": not a difficulty model artifact: " + e.getOriginalMessage());
        }
        try {
            return new DifficultyModel(artifact);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + ": " + e.getMessage());
        }
    }

    public void save(Path file) throws IOException {
        if (file.toAbsolutePath().getParent() != null) Files.createDirectories(file.toAbsolutePath().getParent());
        JSON.writeValue(file.toFile(), artifact);
    }

    /** How much the strong model is needed, in [0, 1]; a probability when the prior's weight is 0. */
    @Override
    public double score(String prompt, float[] embedding) {
        if (embedding.length != embeddingWeights.length) {
            throw new IllegalArgumentException("embedding has " + embedding.length + " dimensions, this model was trained on "
                    + embeddingWeights.length + " (" + artifact.features().embedder() + ")");
        }
        return LogisticRegression.sigmoid(logit(PromptFeatures.of(prompt), embedding) + priorTerm(embedding));
    }

    private double priorTerm(float[] embedding) {
        var p = artifact.prior();
        return p.weight() == 0 ? 0 : p.weight() * (prior.at(embedding) - p.mean()) / p.spread();
    }

    double logit(double[] cheap, float[] embedding) {
        double z = artifact.weights().bias();
        for (int j = 0; j < embedding.length; j++) z += embeddingWeights[j] * embedding[j];
        for (int j = 0; j < cheap.length; j++) z += cheapWeights[j] * (cheap[j] - cheapMeans[j]) / cheapSpreads[j];
        return z;
    }

    /** The threshold that sends {@code share} (0..1) of the calibration traffic to the strong model. */
    public double thresholdForStrongShare(double share) {
        return artifact.calibration().thresholdFor(share);
    }

    /** The same model with a calibration table measured on other traffic. */
    public DifficultyModel recalibrated(Calibration calibration) {
        return new DifficultyModel(artifact.withCalibration(calibration));
    }

    public Calibration calibration() {
        return artifact.calibration();
    }

    public String embedderName() {
        return artifact.features().embedder();
    }

    public int dimensions() {
        return embeddingWeights.length;
    }

    /** The artifact's training block: sources, rows, label, settings. */
    public DifficultyArtifact.Training training() {
        return artifact.training();
    }

    DifficultyArtifact artifact() {
        return artifact;
    }

    static List<Double> boxed(double[] values) {
        var list = new ArrayList<Double>(values.length);
        for (double v : values) list.add(v);
        return list;
    }
}
