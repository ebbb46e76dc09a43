package dev.gatehouse.router.serving;

import java.util.List;
import java.util.Map;

/**
 * How to pick tokens and what to report about them, as validated from the request. Null means "not set" (the
 * target's default).
 *
 * @param topK          {@code top_k} (llama.cpp/vLLM extension), 0 turns it off
 * @param minP          {@code min_p} (extension)
 * @param repeatPenalty {@code repeat_penalty} (llama.cpp extension), 1 is off
 * @param logitBias     {@code logit_bias}: token id → bias in [-100, 100]
 * @param logprobs      {@code logprobs}: return each generated token's log probability
 * @param topLogprobs   {@code top_logprobs}: and this many alternatives per token (only with logprobs)
 */
public record Sampling(
        Double temperature,
        Double topP,
        Integer topK,
        Double minP,
        Double repeatPenalty,
        Double frequencyPenalty,
        Double presencePenalty,
        Map<Integer, Double> logitBias,
        Long seed,
        List<String> stop,
        boolean logprobs,
        Integer topLogprobs) {

    public Sampling {
        logitBias = Map.copyOf(logitBias);
        stop = List.copyOf(stop);
        if (topLogprobs != null && !logprobs) {
            throw new IllegalArgumentException("top_logprobs only with logprobs");
        }
    }

    /** Nothing set: every target's defaults. */
    public static Sampling defaults() {
        return new Sampling(null, null, null, null, null, null, null, Map.of(), null, List.of(), false, null);
    }
}
