package dev.gatehouse.router.features;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The task category of a prompt, learned from labelled examples: the policy's (the shipped ones are the prior),
 * the operator's example files ({@code categoryExamples} in the policy) and labels given as feedback. Four ways of
 * scoring share the same fitted examples ({@link Method}): similarity to the examples, a logistic layer over the
 * prompt's MiniLM embedding plus cheap lexical cues, a stacked logistic model that also reads the similarity votes and
 * the prompt's character trigrams, and the blend of similarity and stacked (the default). All read the one embedding
 * the request already computed: no second embedding, a few tens of thousands of multiply-adds per prompt. Without an
 * embedding the keyword rules decide alone. The default is the method that did best on data it was not fitted on
 * ({@code eval category}, docs/BENCHMARKS.md, arena-hard): with the shipped examples only, blended 73.1%, similarity
 * 72.5%, stacked 70.4%, logistic 67.2%; with operator examples from the same data (5-fold), stacked 85.6%, blended
 * 84.9%, logistic 82.7%, similarity 82.4%.
 */
public final class TaskClassifier {

    /** The category when nothing matches (rules-only path, or a policy with no examples). */
    public static final String GENERAL = "general";

    private static final double RULE_BONUS = 0.08;

    /** How a category is scored from the examples. */
    public enum Method {
        /**
         * Half the cosine to the category's centroid plus half the mean of its three most similar examples, plus a
         * bonus for a keyword cue (centroid alone blurs broad categories; nearest examples alone overfit phrasings).
         */
        SIMILARITY,
        /** {@link CategoryLogistic} over the embedding and the cue bits, fitted on the examples. */
        LOGISTIC,
        /**
         * {@link CategoryLogistic} over everything the other two read and the prompt's character trigrams
         * ({@link CharTrigrams}): the embedding, the similarity votes ({@link CategorySimilarity}, each example's
         * taken as if it had not been fitted on), the cue bits and the code and maths signals. The examples decide
         * how much the embedding's vote counts against the words themselves; the trigrams learn what MiniLM cannot
         * read (prompts in other scripts, LaTeX, code) once the examples have some. No second embedding.
         */
        STACKED,
        /**
         * The mean of two probabilities per category: the stacked model's, and the similarity method's scores put
         * through a softmax whose temperature makes the examples' own leave-one-out scores most likely. Similarity
         * carries over best from a few short examples to long real prompts, the stacked model learns most from many;
         * averaging needs no weight to tune.
         */
        BLENDED
    }

    /** The method {@link #build(Map, TextEmbedder)} uses; docs/BENCHMARKS.md compares all four on data not fitted on. */
    public static final Method DEFAULT_METHOD = Method.BLENDED;

    /** One labelled example with its unit-length embedding. */
    public record EmbeddedExample(String category, String text, float[] embedding) {}

    private final List<String> categories;
    private final Method method;
    private final CategorySimilarity similarity;
    private final CategoryLogistic logistic;
    /** Of the similarity scores in {@link Method#BLENDED}. */
    private final double temperature;

    private TaskClassifier(List<String> categories, Method method, CategorySimilarity similarity,
            CategoryLogistic logistic, double temperature) {
        this.categories = categories;
        this.method = method;
        this.similarity = similarity;
        this.logistic = logistic;
        this.temperature = temperature;
    }

    /**
     * The last classifier built on the builtin MiniLM, by its examples in order: embedding and fitting the shipped
     * examples takes seconds (the stacked fit alone 1.7 s warm, 4 s cold), and every server this JVM starts, and every
     * reload whose examples did not change, would otherwise repeat it. The classifier is immutable.
     */
    private static final AtomicReference<Built> LAST_BUILT = new AtomicReference<>();

    private record Built(List<Map.Entry<String, List<String>>> examples, Method method, TaskClassifier classifier) {}

    /** {@link #build(Map, TextEmbedder, Method)} with {@link #DEFAULT_METHOD}. */
    public static TaskClassifier build(Map<String, List<String>> examplesByCategory, TextEmbedder embedder) {
        return build(examplesByCategory, embedder, DEFAULT_METHOD);
    }

    /**
     * Embeds every example once (at startup) and fits {@code method} (the policy's {@code categoryMethod}); a null
     * embedder gives the rules-only classifier.
     */
    public static TaskClassifier build(Map<String, List<String>> examplesByCategory, TextEmbedder embedder,
            Method method) {
        if (embedder == null) {
            return new TaskClassifier(new ArrayList<>(examplesByCategory.keySet()), method, null, null, 1);
        }
        List<Map.Entry<String, List<String>>> key = examplesByCategory.entrySet().stream()
                .map(e -> Map.entry(e.getKey(), List.copyOf(e.getValue()))).toList();
        Built last = LAST_BUILT.get();
        boolean deterministic = embedder instanceof MiniLmEmbedder; // the same vectors for the same text, always
        if (deterministic && last != null && last.examples().equals(key) && last.method() == method) {
            return last.classifier();
        }
        List<EmbeddedExample> embedded = new ArrayList<>();
        examplesByCategory.forEach((category, texts) -> texts.forEach(
                text -> embedded.add(new EmbeddedExample(category, text, embedder.embed(text)))));
        TaskClassifier classifier = fit(embedded, method);
        if (deterministic) LAST_BUILT.set(new Built(key, method, classifier));
        return classifier;
    }

    /**
     * Fits on examples embedded beforehand (evaluation refits many times on the same vectors). Categories keep the
     * order in which they first appear.
     */
    public static TaskClassifier fit(List<EmbeddedExample> labelled, Method method) {
        Map<String, List<float[]>> byCategory = new LinkedHashMap<>();
        for (EmbeddedExample e : labelled) byCategory.computeIfAbsent(e.category(), k -> new ArrayList<>()).add(e.embedding());
        List<String> categories = new ArrayList<>(byCategory.keySet());
        if (categories.isEmpty()) return new TaskClassifier(categories, method, null, null, 1);
        int dimensions = labelled.getFirst().embedding().length;
        List<float[][]> vectors = new ArrayList<>();
        for (String category : categories) vectors.add(byCategory.get(category).toArray(float[][]::new));
        CategorySimilarity similarity = new CategorySimilarity(vectors);
        CategoryLogistic logistic = switch (method) {
            case SIMILARITY -> null;
            case LOGISTIC -> fitLogistic(labelled, categories, (e, s, c, i) -> features(categories, e.text(),
                    e.embedding(), s.hasCode(), s.hasMath()), new int[] {0, dimensions});
            case STACKED, BLENDED -> fitLogistic(labelled, categories, (e, s, c, i) -> stackedFeatures(categories,
                    e.text(), e.embedding(), s.hasCode(), s.hasMath(), similarity.voteWithout(c, i)),
                    stackedBlocks(dimensions, categories.size()));
        };
        double temperature = 1;
        if (method == Method.BLENDED) {
            double[][] scores = new double[labelled.size()][];
            int[] labels = new int[labelled.size()];
            int[] seen = new int[categories.size()];
            for (int i = 0; i < labelled.size(); i++) {
                EmbeddedExample e = labelled.get(i);
                ContentSignals signals = ContentSignals.of(e.text());
                labels[i] = categories.indexOf(e.category());
                scores[i] = withCues(categories, e.text(), similarity.voteWithout(labels[i], seen[labels[i]]++),
                        signals.hasCode(), signals.hasMath());
            }
            temperature = CategorySimilarity.likeliestTemperature(scores, labels);
        }
        return new TaskClassifier(categories, method, similarity, logistic, temperature);
    }

    /**
     * The input of the logistic layer for one example, given its content signals, its category's index and its place
     * among that category's examples.
     */
    private interface ExampleFeatures {
        double[] of(EmbeddedExample example, ContentSignals signals, int category, int indexInCategory);
    }

    private static CategoryLogistic fitLogistic(List<EmbeddedExample> labelled, List<String> categories,
            ExampleFeatures featuresOf, int[] blocks) {
        float[][] features = new float[labelled.size()][];
        int[] labels = new int[labelled.size()];
        int[] seen = new int[categories.size()];
        for (int i = 0; i < labelled.size(); i++) {
            EmbeddedExample e = labelled.get(i);
            labels[i] = categories.indexOf(e.category());
            double[] x = featuresOf.of(e, ContentSignals.of(e.text()), labels[i], seen[labels[i]]++);
            features[i] = new float[x.length];
            for (int j = 0; j < x.length; j++) features[i][j] = (float) x[j];
        }
        return CategoryLogistic.fit(features, blocks, labels, categories.size());
    }

    /** Where each block of {@link #stackedFeatures} begins: embedding, votes, cue bits, trigrams. */
    private static int[] stackedBlocks(int dimensions, int categories) {
        return new int[] {0, dimensions, dimensions + categories, dimensions + 2 * categories + 2};
    }

    /** The stacked model's input: the logistic layer's (embedding, cue bits), the similarity votes, the trigrams. */
    private static double[] stackedFeatures(List<String> categories, String text, float[] embedding,
            boolean hasCode, boolean hasMath, double[] votes) {
        double[] plain = features(categories, text, embedding, hasCode, hasMath);
        double[] trigrams = CharTrigrams.of(text);
        int d = embedding.length;
        double[] x = new double[plain.length + votes.length + trigrams.length];
        System.arraycopy(plain, 0, x, 0, d);
        System.arraycopy(votes, 0, x, d, votes.length);
        System.arraycopy(plain, d, x, d + votes.length, plain.length - d);
        System.arraycopy(trigrams, 0, x, plain.length + votes.length, trigrams.length);
        return x;
    }

    /**
     * The logistic layer's input: the embedding, then one bit per category whose keyword cue the text carries, then
     * the code and math signals. The bits are inputs, not bonuses: the examples decide how much each one counts.
     */
    private static double[] features(List<String> categories, String text, float[] embedding, boolean hasCode,
            boolean hasMath) {
        KeywordRules cues = KeywordRules.of(head(text));
        double[] x = new double[embedding.length + categories.size() + 2];
        for (int d = 0; d < embedding.length; d++) x[d] = embedding[d];
        for (int c = 0; c < categories.size(); c++) x[embedding.length + c] = cues.matches(categories.get(c)) ? 1 : 0;
        x[x.length - 2] = hasCode ? 1 : 0;
        x[x.length - 1] = hasMath ? 1 : 0;
        return x;
    }

    private static String head(String text) {
        return text.length() > 2000 ? text.substring(0, 2000) : text;
    }

    public List<String> categories() {
        return categories;
    }

    /** How categories are scored (the policy's {@code categoryMethod}). */
    public Method method() {
        return method;
    }

    /** Classifies with the text's own code and math signals (offline use: evaluation, example tools). */
    public CategoryGuess classify(String text, float[] embedding) {
        ContentSignals signals = ContentSignals.of(text);
        return classify(text, embedding, signals.hasCode(), signals.hasMath());
    }

    /**
     * @param text      the prompt (usually the last user message)
     * @param embedding its unit-length embedding, or null for rules only
     */
    public CategoryGuess classify(String text, float[] embedding, boolean hasCode, boolean hasMath) {
        if (categories.isEmpty()) {
            return new CategoryGuess(GENERAL, 0, false);
        }
        boolean semantic = embedding != null && similarity != null;
        if (!semantic || method == Method.SIMILARITY) {
            return best(withCues(categories, text, semantic ? similarity.votes(embedding)
                    : new double[categories.size()], hasCode, hasMath), semantic);
        }
        if (method == Method.LOGISTIC) {
            return best(logistic.probabilities(features(categories, text, embedding, hasCode, hasMath)), true);
        }
        double[] votes = similarity.votes(embedding);
        double[] scores = logistic.probabilities(stackedFeatures(categories, text, embedding, hasCode, hasMath, votes));
        if (method == Method.BLENDED) {
            double[] similar = CategorySimilarity.softmax(withCues(categories, text, votes, hasCode, hasMath),
                    temperature);
            for (int c = 0; c < scores.length; c++) scores[c] = 0.5 * scores[c] + 0.5 * similar[c];
        }
        return best(scores, true);
    }

    /** The similarity votes plus a bonus for each keyword cue, code or maths signal of the category (in place). */
    private static double[] withCues(List<String> categories, String text, double[] votes, boolean hasCode,
            boolean hasMath) {
        KeywordRules cues = KeywordRules.of(head(text));
        for (int c = 0; c < votes.length; c++) {
            String category = categories.get(c);
            if (cues.matches(category)) votes[c] += RULE_BONUS;
            if (hasCode && category.equals("coding")) votes[c] += RULE_BONUS;
            if (hasMath && category.equals("math")) votes[c] += RULE_BONUS;
        }
        return votes;
    }

    private CategoryGuess best(double[] scores, boolean semantic) {
        int best = 0;
        int second = -1;
        for (int c = 1; c < scores.length; c++) {
            if (scores[c] > scores[best]) {
                second = best;
                best = c;
            } else if (second < 0 || scores[c] > scores[second]) {
                second = c;
            }
        }
        if (!semantic && scores[best] == 0) {
            return new CategoryGuess(GENERAL, 0, false);
        }
        double margin = second < 0 ? 1 : scores[best] - scores[second];
        return new CategoryGuess(categories.get(best), Math.min(1, Math.max(0, margin)), semantic);
    }
}
