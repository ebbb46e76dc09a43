package dev.gatehouse.inference;

import java.util.List;

/** Unit-length vectors, one per input in input order, and the tokens the inputs took. */
public record EmbeddingResult(List<float[]> vectors, int promptTokens) {
    public EmbeddingResult {
        vectors = List.copyOf(vectors);
    }
}
