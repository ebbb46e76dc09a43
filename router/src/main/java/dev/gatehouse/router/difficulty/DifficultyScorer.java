package dev.gatehouse.router.difficulty;

/** How likely a prompt is to need a strong model: 0 = any model answers it, 1 = only the strongest. */
public interface DifficultyScorer {
    /**
     * @param prompt    the last user message (plus context the scorer wants)
     * @param embedding the prompt's sentence embedding (unit length), computed once per request by the caller
     */
    double score(String prompt, float[] embedding);
}
