package dev.gatehouse.inference;

import java.util.List;
import java.util.Map;

/**
 * Sampling settings of one generation. Null fields mean "the backend's default".
 *
 * @param maxTokens        most tokens to generate; null = until the context is full
 * @param temperature      0 = greedy
 * @param topP             nucleus sampling mass
 * @param seed             fixed seed for reproducible sampling
 * @param stop             strings that end generation (not included in the output)
 * @param topK             keep only the k most likely tokens
 * @param minP             drop tokens less likely than minP times the most likely one
 * @param repeatPenalty    llama.cpp's repetition penalty (1 = off)
 * @param frequencyPenalty OpenAI's frequency penalty
 * @param presencePenalty  OpenAI's presence penalty
 * @param logitBias        token id → bias added to its logit (OpenAI's {@code logit_bias})
 * @param logprobs         return the log probability of each generated token
 * @param topLogprobs      and this many alternatives per position (0–20); null = 0
 * @param responseFormat   the output constraint (JSON), {@link ResponseFormat#TEXT} for none
 */
public record GenerationParams(Integer maxTokens, Double temperature, Double topP, Long seed, List<String> stop,
                               Integer topK, Double minP, Double repeatPenalty, Double frequencyPenalty,
                               Double presencePenalty, Map<Integer, Double> logitBias, boolean logprobs,
                               Integer topLogprobs, ResponseFormat responseFormat) {
    public GenerationParams {
        stop = stop == null ? List.of() : List.copyOf(stop);
        logitBias = logitBias == null ? Map.of() : Map.copyOf(logitBias);
        responseFormat = responseFormat == null ? ResponseFormat.TEXT : responseFormat;
    }

    /** Only the settings every backend (providers included) understands. */
    public GenerationParams(Integer maxTokens, Double temperature, Double topP, Long seed, List<String> stop) {
        this(maxTokens, temperature, topP, seed, stop, null, null, null, null, null, Map.of(), false, null,
                ResponseFormat.TEXT);
    }

    public static GenerationParams defaults() {
        return new GenerationParams(null, null, null, null, List.of());
    }

    /** Whether anything beyond the basic settings was asked for (a backend that cannot honour it must refuse). */
    public boolean asksBeyondBasics() {
        return topK != null || minP != null || repeatPenalty != null || frequencyPenalty != null
                || presencePenalty != null || !logitBias.isEmpty() || logprobs
                || responseFormat.type() != ResponseFormat.Type.TEXT;
    }
}
