package dev.gatehouse.router.serving;

import dev.gatehouse.inference.ChatRequest;
import dev.gatehouse.inference.GenerationParams;

/** The local request with token log-probabilities turned on, for the cascade's confidence check (not the client). */
final class GateLogprobs {

    /** The engine that reports log-probabilities ({@code ModelRuntime.engine()}). */
    static final String ENGINE = "llama.cpp";

    private GateLogprobs() {}

    static ChatRequest asked(ChatRequest r) {
        GenerationParams p = r.params();
        GenerationParams withLogprobs = new GenerationParams(p.maxTokens(), p.temperature(), p.topP(), p.seed(),
                p.stop(), p.topK(), p.minP(), p.repeatPenalty(), p.frequencyPenalty(), p.presencePenalty(),
                p.logitBias(), true, p.topLogprobs(), p.responseFormat());
        return new ChatRequest(r.messages(), withLogprobs, r.tools(), r.toolChoice(), r.oneToolCall());
    }
}
