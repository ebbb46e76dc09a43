package dev.gatehouse.router.features;

/**
 * The task category of a prompt.
 *
 * @param confidence margin of the winner over the runner-up, 0..1
 * @param semantic   whether embeddings took part (false: keyword rules only)
 */
public record CategoryGuess(String category, double confidence, boolean semantic) {}
