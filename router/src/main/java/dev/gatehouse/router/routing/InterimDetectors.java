package dev.gatehouse.router.routing;

import dev.gatehouse.router.difficulty.DifficultyScorer;

/**
 * The difficulty on the rules-only path: the learned model reads an embedding, and without an embedder there is
 * none, so every request counts as middling (0.5) and the quality floors and priorities decide.
 */
final class InterimDetectors {

    private InterimDetectors() {}

    static DifficultyScorer midpoint() {
        return (prompt, embedding) -> 0.5;
    }
}
