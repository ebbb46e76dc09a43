package dev.gatehouse.natives;

import java.util.List;
import java.util.Map;

/**
 * Everything one generation is asked to do, checked once here so the engine never sees a nonsensical value.
 *
 * @param maxTokens        tokens to generate at most (>= 1), or null for as many as the slot's context holds
 * @param temperature      0 for greedy decoding
 * @param topP             nucleus mass in (0, 1]; 1 = off
 * @param topK             keep the k most likely tokens; 0 = off
 * @param minP             relative probability floor in [0, 1); 0 = off
 * @param seed             a fixed seed, or null for a random one
 * @param repeatPenalty    multiplicative repetition penalty (1 = off)
 * @param frequencyPenalty OpenAI's frequency penalty (0 = off)
 * @param presencePenalty  OpenAI's presence penalty (0 = off)
 * @param logitBias        token → bias added to its logit
 * @param stop             strings that end the generation, not part of the output
 * @param logprobs         report each token's log probability
 * @param topLogprobs      and this many alternatives (0–20)
 * @param grammar          a GBNF grammar (root rule "root") decoding must follow, or null
 */
public record GenerationSettings(Integer maxTokens, float temperature, float topP, int topK, float minP, Integer seed,
                                 float repeatPenalty, float frequencyPenalty, float presencePenalty,
                                 Map<Integer, Float> logitBias, List<String> stop, boolean logprobs, int topLogprobs,
                                 String grammar) {

    public static final int MAX_TOP_LOGPROBS = 20;

    public GenerationSettings {
        require(maxTokens == null || maxTokens >= 1, "maxTokens must be >= 1, was " + maxTokens);
        require(temperature >= 0f && temperature <= 100f, "temperature must be in [0, 100], was " + temperature);
        require(topP > 0f && topP <= 1f, "topP must be in (0, 1], was " + topP);
        require(topK >= 0, "topK must be >= 0, was " + topK);
        require(minP >= 0f && minP < 1f, "minP must be in [0, 1), was " + minP);
        require(repeatPenalty > 0f && Float.isFinite(repeatPenalty), "repeatPenalty must be > 0, was " + repeatPenalty);
        require(Float.isFinite(frequencyPenalty) && Float.isFinite(presencePenalty), "penalties must be finite");
        require(topLogprobs >= 0 && topLogprobs <= MAX_TOP_LOGPROBS,
                "topLogprobs must be in [0, " + MAX_TOP_LOGPROBS + "], was " + topLogprobs);
        logitBias = logitBias == null ? Map.of() : Map.copyOf(logitBias);
        stop = stop == null ? List.of() : List.copyOf(stop);
        require(stop.stream().noneMatch(String::isEmpty), "stop must not contain empty strings");
        require(grammar == null || !grammar.isBlank(), "grammar must be null or non-blank");
    }

    /** Greedy decoding of at most {@code maxTokens} tokens and nothing else. */
    public static GenerationSettings greedy(Integer maxTokens) {
        return new GenerationSettings(maxTokens, 0f, 1f, 0, 0f, null, 1f, 0f, 0f, Map.of(), List.of(), false, 0, null);
    }

    /** The same settings with another stop list. */
    public GenerationSettings withStop(List<String> newStop) {
        return new GenerationSettings(maxTokens, temperature, topP, topK, minP, seed, repeatPenalty, frequencyPenalty,
                presencePenalty, logitBias, newStop, logprobs, topLogprobs, grammar);
    }

    private static void require(boolean ok, String message) {
        if (!ok) throw new NativeException(NativeException.Kind.INVALID_ARGUMENT, message);
    }
}
