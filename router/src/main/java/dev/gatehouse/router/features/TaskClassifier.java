package dev.gatehouse.router.features;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The task category of a prompt: keyword rules plus a semantic nearest-neighbour vote over sentence embeddings of
 * labelled examples. The examples come from the policy, so an operator adds a category by writing examples; the
 * rules only nudge the categories they know, and decide alone when no embedding is available.
 *
 * <p>Semantic score of a category = half its centroid similarity + half the mean of its three most similar examples
 * (centroid alone blurs broad categories; nearest examples alone overfit single phrasings).
 */
public final class TaskClassifier {

    /** The category when nothing matches (rules-only path, or a policy with no examples). */
    public static final String GENERAL = "general";

    private static final double RULE_BONUS = 0.08;
    private static final int NEIGHBOURS = 3;

    private final List<String> categories;
    private final float[][] centroids;
    private final List<float[][]> examples;

    private TaskClassifier(List<String> categories, float[][] centroids, List<float[][]> examples) {
        this.categories = categories;
        this.centroids = centroids;
        this.examples = examples;
    }

    /** Embeds every example once (at startup); a null embedder gives the rules-only classifier. */
    public static TaskClassifier build(Map<String, List<String>> examplesByCategory, TextEmbedder embedder) {
        List<String> categories = new ArrayList<>(examplesByCategory.keySet());
        if (embedder == null) {
            return new TaskClassifier(categories, null, List.of());
        }
        float[][] centroids = new float[categories.size()][];
        List<float[][]> vectors = new ArrayList<>();
        for (int c = 0; c < categories.size(); c++) {
            List<String> texts = examplesByCategory.get(categories.get(c));
            float[][] embedded = new float[texts.size()][];
            float[] sum = new float[embedder.dimensions()];
            for (int i = 0; i < texts.size(); i++) {
                embedded[i] = embedder.embed(texts.get(i));
                for (int d = 0; d < sum.length; d++) sum[d] += embedded[i][d];
            }
            centroids[c] = unit(sum);
            vectors.add(embedded);
        }
        return new TaskClassifier(categories, centroids, vectors);
    }

    public List<String> categories() {
        return categories;
    }

    /**
     * @param text      the prompt (usually the last user message)
     * @param embedding its unit-length embedding, or null for rules only
     */
    public CategoryGuess classify(String text, float[] embedding, boolean hasCode, boolean hasMath) {
        if (categories.isEmpty()) {
            return new CategoryGuess(GENERAL, 0, false);
        }
        String head = text.length() > 2000 ? text.substring(0, 2000) : text;
        KeywordRules cues = KeywordRules.of(head);
        boolean semantic = embedding != null && centroids != null;
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
