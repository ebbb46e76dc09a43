package dev.gatehouse.natives;

import java.util.List;

/**
 * How to sample one generation; exists to keep the binding's parameter builder out of callers.
 *
 * @param maxTokens   tokens to generate at most (>= 1); reaching it ends the generation with {@code hitLimit()}
 * @param temperature 0 for greedy decoding
 * @param topP        nucleus sampling mass in (0, 1]
 * @param seed        a fixed seed for repeatable sampling, or null for a random one
 * @param stop        strings that end the generation; they are not part of the output
 */
public record Sampling(int maxTokens, float temperature, float topP, Integer seed, List<String> stop) {

    public Sampling {
        if (maxTokens < 1) {
            throw new IllegalArgumentException("maxTokens must be >= 1, was " + maxTokens);
        }
        if (!(temperature >= 0f) || temperature > 100f) {
            throw new IllegalArgumentException("temperature must be in [0, 100], was " + temperature);
        }
        if (!(topP > 0f && topP <= 1f)) {
            throw new IllegalArgumentException("topP must be in (0, 1], was " + topP);
        }
        stop = stop == null ? List.of() : List.copyOf(stop);
        if (stop.stream().anyMatch(String::isEmpty)) {
            throw new IllegalArgumentException("stop must not contain empty strings");
        }
    }

    /** Greedy decoding of at most {@code maxTokens} tokens, no stop strings. */
    public static Sampling greedy(int maxTokens) {
        return new Sampling(maxTokens, 0f, 1f, null, List.of());
    }
}
