package dev.gatehouse.inference;

import java.util.List;

/**
 * Sampling settings of one generation. Null fields mean "the backend's default".
 *
 * @param maxTokens   most tokens to generate; null = until the context is full
 * @param temperature 0 = greedy
 * @param topP        nucleus sampling mass
 * @param seed        fixed seed for reproducible sampling
 * @param stop        strings that end generation (not included in the output)
 */
public record GenerationParams(Integer maxTokens, Double temperature, Double topP, Long seed, List<String> stop) {
    public GenerationParams {
        stop = stop == null ? List.of() : List.copyOf(stop);
    }

    public static GenerationParams defaults() {
        return new GenerationParams(null, null, null, null, List.of());
    }
}
