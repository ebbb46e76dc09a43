package dev.gatehouse.router.difficulty;

/** How likely a prompt is to need a strong model: 0 = any model answers it, 1 = only the strongest. */
public interface DifficultyScorer {
    /**
     * A score that orders prompts by need of the strong model (what routing evaluations rank by).
     *
     * @param prompt    the last user message (plus context the scorer wants)
     * @param embedding the prompt's sentence embedding (unit length), computed once per request by the caller
     */
    double score(String prompt, float[] embedding);

    /**
     * The request feature policies read, in [0, 1]. By default the score itself; a calibrated model gives the share of
     * its calibration traffic the prompt is harder than, so policy thresholds mean shares of traffic.
     */
    default double difficulty(String prompt, float[] embedding) {
        return assess(prompt, embedding).difficulty();
    }

    /** The difficulty, and why the scorer could not judge the prompt when it could not. */
    default Assessment assess(String prompt, float[] embedding) {
        double score = score(prompt, embedding);
        return new Assessment(score, score, null);
    }

    /**
     * Why the scorer could not judge this prompt, from what it can tell without the embedding, or null. The reason
     * still travels with a request whose decision does not read the difficulty, at the cost of the cheap features.
     */
    default String unfamiliar(String prompt) {
        return null;
    }

    /**
     * @param score      what {@link #score} gives, for callers that need both (recalibration)
     * @param difficulty what policies read, in [0, 1]
     * @param unfamiliar null when the scorer judged the prompt; otherwise how the prompt lies outside what the scorer
     *                   was trained on, and the difficulty is the neutral middle rather than an extrapolation
     */
    record Assessment(double score, double difficulty, String unfamiliar) {}
}
