package dev.gatehouse.router.features;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The task category of a prompt, learned from labelled examples: the policy's (the shipped ones are the prior),
 * the operator's example files ({@code categoryExamples} in the policy) and labels given as feedback. Two ways of
 * scoring share the same fitted examples ({@link Method}): similarity to the examples (the default) and a logistic
 * layer over the prompt's MiniLM embedding plus cheap lexical cues. Both cost a few thousand multiply-adds per
 * example or category on the embedding the request already computed. Without an embedding the keyword rules decide
 * alone. The default is the method that scored better on data it was not fitted on ({@code eval category},
 * docs/BENCHMARKS.md): with the shipped examples only, similarity 68% vs logistic 57% on arena-hard; with operator
 * examples from the same data both reach about 83%.
 */
public final class TaskClassifier {

    /** The category when nothing matches (rules-only path, or a policy with no examples). */
    public static final String GENERAL = "general";

    private static final double RULE_BONUS = 0.08;
    private static final int NEIGHBOURS = 3;

    /** How a category is scored from the examples. */
    public enum Method {
        /**
         * Half the cosine to the category's centroid plus half the mean of its three most similar examples, plus a
         * bonus for a keyword cue (centroid alone blurs broad categories; nearest examples alone overfit phrasings).
         */
        SIMILARITY,
        /** {@link CategoryLogistic} over the embedding and the cue bits, fitted on the examples. */
        LOGISTIC
    }

    /** The method {@link #build(Map, TextEmbedder)} uses; docs/BENCHMARKS.md compares both on data not fitted on. */
    public static final Method DEFAULT_METHOD = Method.SIMILARITY;

    /** One labelled example with its unit-length embedding. */
    public record EmbeddedExample(String category, String text, float[] embedding) {}

    private final List<String> categories;
    private final float[][] centroids;
    private final List<float[][]> examples;
    private final CategoryLogistic logistic;

    private TaskClassifier(List<String> categories, float[][] centroids, List<float[][]> examples,
            CategoryLogistic logistic) {
        this.categories = categories;
        this.centroids = centroids;
        this.examples = examples;
        this.logistic = logistic;
    }

    /** Embeds every example once (at startup); a null embedder gives the rules-only classifier. */
    public static TaskClassifier build(Map<String, List<String>> examplesByCategory, TextEmbedder embedder) {
        if (embedder == null) {
            return new TaskClassifier(new ArrayList<>(examplesByCategory.keySet()), null, List.of(), null);
        }
        List<EmbeddedExample> embedded = new ArrayList<>();
        examplesByCategory.forEach((category, texts) -> texts.forEach(
                text -> embedded.add(new EmbeddedExample(category, text, embedder.embed(text)))));
        return fit(embedded, DEFAULT_METHOD);
    }

    /**
     * Fits on examples embedded beforehand (evaluation refits many times on the same vectors). Categories keep the
     * order in which they first appear.
     */
    public static TaskClassifier fit(List<EmbeddedExample> labelled, Method method) {
        Map<String, List<float[]>> byCategory = new LinkedHashMap<>();
        for (EmbeddedExample e : labelled) byCategory.computeIfAbsent(e.category(), k -> new ArrayList<>()).add(e.embedding());
        List<String> categories = new ArrayList<>(byCategory.keySet());
        if (categories.isEmpty()) return new TaskClassifier(categories, null, List.of(), null);
        int dimensions = labelled.getFirst().embedding().length;
        float[][] centroids = new float[categories.size()][];
        List<float[][]> vectors = new ArrayList<>();
        for (int c = 0; c < categories.size(); c++) {
            List<float[]> members = byCategory.get(categories.get(c));
            float[] sum = new float[dimensions];
            for (float[] v : members) for (int d = 0; d < dimensions; d++) sum[d] += v[d];
            centroids[c] = unit(sum);
            vectors.add(members.toArray(float[][]::new));
        }
        CategoryLogistic logistic = null;
        if (method == Method.LOGISTIC) {
            double[][] features = new double[labelled.size()][];
            int[] labels = new int[labelled.size()];
            for (int i = 0; i < labelled.size(); i++) {
                EmbeddedExample e = labelled.get(i);
                ContentSignals signals = ContentSignals.of(e.text());
                features[i] = features(categories, e.text(), e.embedding(), signals.hasCode(), signals.hasMath());
                labels[i] = categories.indexOf(e.category());
            }
            logistic = CategoryLogistic.fit(features, new int[] {0, dimensions}, labels, categories.size());
        }
        return new TaskClassifier(categories, centroids, vectors, logistic);
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
        boolean semantic = embedding != null && centroids != null;
        double[] scores = semantic && logistic != null
                ? logistic.probabilities(features(categories, text, embedding, hasCode, hasMath))
                : similarityScores(text, embedding, semantic, hasCode, hasMath);
        return best(scores, semantic);
    }

    private double[] similarityScores(String text, float[] embedding, boolean semantic, boolean hasCode,
            boolean hasMath) {
        KeywordRules cues = KeywordRules.of(head(text));
        double[] scores = new double[categories.size()];
        for (int c = 0; c < scores.length; c++) {
            String category = categories.get(c);
            if (semantic) {
                scores[c] = 0.5 * dot(centroids[c], embedding) + 0.5 * nearest(examples.get(c), embedding);
            }
            if (cues.matches(category)) scores[c] += RULE_BONUS;
            if (hasCode && category.equals("coding")) scores[c] += RULE_BONUS;
            if (hasMath && category.equals("math")) scores[c] += RULE_BONUS;
        }
        return scores;
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

    private static double nearest(float[][] vectors, float[] embedding) {
        double[] top = new double[Math.min(NEIGHBOURS, vectors.length)];
        java.util.Arrays.fill(top, -1);
        for (float[] v : vectors) {
            double s = dot(v, embedding);
            for (int k = 0; k < top.length; k++) {
                if (s > top[k]) {
                    System.arraycopy(top, k, top, k + 1, top.length - k - 1);
                    top[k] = s;
                    break;
                }
            }
        }
        double sum = 0;
        for (double t : top) sum += t;
        return top.length == 0 ? 0 : sum / top.length;
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }

    private static float[] unit(float[] v) {
        double norm = 0;
        for (float x : v) norm += x * x;
        norm = Math.sqrt(norm);
        if (norm == 0) return v;
        for (int i = 0; i < v.length; i++) v[i] = (float) (v[i] / norm);
        return v;
    }
}
