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
import java.util.Locale;

/**
 * The learned difficulty scorer: two logistic heads over the prompt's sentence embedding and standardised cheap
 * features, one for P(the weak model answers correctly) and one for P(the strong model does), in a few bags trained on
 * different subsets of topics. Their difference, averaged over the bags, is the quality the strong model is expected to
 * add on this prompt — the very quantity routing trades against cost — plus
 * the {@link TopicPrior} (the strong model's mean gain near the prompt's topic) with a weight chosen on validation
 * prompts. The gain, in [−1, 1], is mapped to a score in [0, 1]. Lives in a small versioned JSON artifact that also
 * says how it was trained and carries its calibration table.
 */
public final class DifficultyModel implements DifficultyScorer {
    /** The artifact format this code reads and writes. */
    public static final String FORMAT = "gatehouse-difficulty/4";
    /** The default model shipped in the jar, trained on the shared RouteLLM MMLU data. */
    public static final String BUILTIN_RESOURCE = "/dev/gatehouse/router/difficulty/builtin-difficulty.json";

    /**
     * How far beyond its training range a cheap feature may lie before the prompt counts as unfamiliar, in training
     * spreads. On the shipped MMLU model this marks 0.8% of MMLU prompts (its own tails), every RouterBench prompt
     * and 99.6% of arena-hard chat prompts.
     */
    static final double UNFAMILIAR_SPREADS = 3;

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final DifficultyArtifact artifact;
    private final List<Head[]> bags;
    private final List<DifficultyArtifact.CheapFeature> cheapFeatures;
    /** Null when the prior's share is 0: a model validated on unseen groups carries none. */
    private final TopicPrior prior;

    DifficultyModel(DifficultyArtifact artifact) {
        this.artifact = artifact.validated();
        this.bags = artifact.heads().stream().map(h -> new Head[] {Head.of(h.weak()), Head.of(h.strong())}).toList();
        this.cheapFeatures = artifact.features().cheap();
        var p = artifact.prior();
        this.prior = p.weight() == 0 ? null : TopicPrior.decode(p.centroids(), p.gains());
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
            var tree = JSON.readTree(in);
            // The format is checked before binding, so an artifact of another version is named as such rather
            // than reported by the first field this version does not know.
            String format = tree == null || tree.get("format") == null ? null : tree.get("format").asText();
            if (!FORMAT.equals(format)) {
                throw new IllegalArgumentException(source + ": format: expected " + FORMAT + ", was " + format
                        + " (train it again with ./gatehouse train-router)");
            }
            artifact = JSON.treeToValue(tree, DifficultyArtifact.class);
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

    /** How much the strong model is needed, in (0, 1): (1 + tanh(expected gain)) / 2, 0.5 = no gain expected. */
    @Override
    public double score(String prompt, float[] embedding) {
        return toScore(expectedGain(prompt, embedding));
    }

    /**
     * The share of the calibration traffic (the training prompts, or the operator's own after {@code --recalibrate})
     * scoring below this prompt. Policies read this, so "minDifficulty: 0.8" means the hardest fifth of that traffic
     * whatever the model's internal scale, and retraining does not silently move every threshold.
     *
     * <p>A prompt whose cheap features lie far outside the range the model was trained on (a chat message to a model
     * trained on four-option questions) gets the neutral middle, 0.5, and says so: a linear head extrapolated there
     * orders such prompts no better than chance (on the shipped MMLU model, "thanks!" above a proof), and a policy
     * acting on that number would be acting on noise. {@link #score} still extrapolates, for evaluations that rank.
     */
    @Override
    public Assessment assess(String prompt, float[] embedding) {
        double[] raw = PromptFeatures.of(prompt);
        double score = toScore(expectedGain(raw, embedding));
        String unfamiliar = unfamiliar(raw);
        return unfamiliar != null ? new Assessment(score, 0.5, unfamiliar)
                : new Assessment(score, artifact.calibration().shareBelow(score), null);
    }

    @Override
    public String unfamiliar(String prompt) {
        return unfamiliar(PromptFeatures.of(prompt));
    }

    /** Null, or the features beyond the training range by more than {@link #UNFAMILIAR_SPREADS} spreads. */
    private String unfamiliar(double[] raw) {
        var parts = new ArrayList<String>();
        for (int j = 0; j < raw.length; j++) {
            var f = cheapFeatures.get(j);
            double below = (f.low() - raw[j]) / f.spread(), above = (raw[j] - f.high()) / f.spread();
            if (below > UNFAMILIAR_SPREADS) parts.add(String.format(Locale.ROOT, "%s %.1f spreads below", f.name(), below));
            if (above > UNFAMILIAR_SPREADS) parts.add(String.format(Locale.ROOT, "%s %.1f spreads above", f.name(), above));
        }
        return parts.isEmpty() ? null : "prompt unlike the difficulty model's training data (" + String.join(", ", parts)
                + " the range seen): difficulty 0.5, the middle";
    }

    /**
     * P(strong correct) − P(weak correct), averaged over the bags and mixed with the topic prior by its share: the
     * quality a strong call is expected to add.
     */
    public double expectedGain(String prompt, float[] embedding) {
        return expectedGain(PromptFeatures.of(prompt), embedding);
    }

    private double expectedGain(double[] rawCheap, float[] embedding) {
        if (embedding.length != dimensions()) {
            throw new IllegalArgumentException("embedding has " + embedding.length + " dimensions, this model was trained on "
                    + dimensions() + " (" + artifact.features().embedder() + ")");
        }
        double[] cheap = new double[rawCheap.length];
        for (int j = 0; j < cheap.length; j++) cheap[j] = cheapFeatures.get(j).standardised(rawCheap[j]);
        double gain = 0;
        for (Head[] bag : bags) gain += headGain(bag[1].logit(cheap, embedding), bag[0].logit(cheap, embedding));
        double share = artifact.prior().weight();
        return share == 0 ? gain / bags.size() : (1 - share) * gain / bags.size() + share * prior.at(embedding);
    }

    static double headGain(double strongLogit, double weakLogit) {
        return LogisticRegression.sigmoid(strongLogit) - LogisticRegression.sigmoid(weakLogit);
    }

    /**
     * Strictly monotone, so no two gains meet on one clipped value; tanh is near the identity for the gains the heads
     * predict (|gain| well under 1), so the score stays close to (1 + gain) / 2.
     */
    static double toScore(double gain) {
        return (1 + Math.tanh(gain)) / 2;
    }

    /** One head's weights, unboxed; its logit takes already standardised cheap features. */
    private record Head(double[] embedding, double[] cheap, double bias) {
        static Head of(DifficultyArtifact.Weights w) {
            return new Head(w.embedding().stream().mapToDouble(Double::doubleValue).toArray(),
                    w.cheap().stream().mapToDouble(Double::doubleValue).toArray(), w.bias());
        }

        double logit(double[] standardisedCheap, float[] vector) {
            double z = bias;
            for (int j = 0; j < vector.length; j++) z += embedding[j] * vector[j];
            for (int j = 0; j < standardisedCheap.length; j++) z += cheap[j] * standardisedCheap[j];
            return z;
        }
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
        return bags.getFirst()[0].embedding.length;
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
