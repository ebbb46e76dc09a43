package dev.gatehouse.natives.llamacpp.gpucheck;

import dev.gatehouse.natives.ChatEngine;
import dev.gatehouse.natives.EngineEvent;
import dev.gatehouse.natives.EngineGeneration;
import dev.gatehouse.natives.GenerationSettings;
import java.util.List;
import java.util.Map;

/**
 * One greedy generation from a fixed prompt, timed: time to the first piece (prompt processing plus one token) and
 * decode speed after it. It stops at {@code maxTokens} or is cancelled once it has decoded for {@code decodeSeconds},
 * so a slow (CPU, 8 GB) case costs a bounded time.
 *
 * @param promptTokens    tokens of the prompt, BOS included
 * @param generatedTokens tokens sampled
 * @param firstPieceMs    from the start of the request to the first piece of text
 * @param decodeTokensPerSecond tokens after the first over the time after the first piece
 */
record TimedGeneration(int promptTokens, int generatedTokens, double firstPieceMs, double decodeTokensPerSecond) {

    /** About 100 tokens of the random models' vocabulary; the same for every case, so prompt work is comparable. */
    static final String PROMPT = "the quick brown fox and the lazy dog went to the river, ".repeat(6);

    /**
     * The random models' end-of-generation tokens, banned so that every generation runs its full length: {@code </s>}
     * (id 2) and {@code <|im_end|>} (id 260, the last fixed token of their vocabulary), which llama.cpp treats as an
     * end too.
     */
    private static final Map<Integer, Float> NO_END = Map.of(2, Float.NEGATIVE_INFINITY, 260, Float.NEGATIVE_INFINITY);

    static TimedGeneration run(ChatEngine engine, int maxTokens, double decodeSeconds) throws InterruptedException {
        GenerationSettings settings = new GenerationSettings(maxTokens, 0f, 1f, 0, 0f, null, 1f, 0f, 0f, NO_END,
                List.of(), false, 0, null);
        long decodeNanos = (long) (decodeSeconds * 1e9);
        long start = System.nanoTime();
        long first = -1;
        try (EngineGeneration generation = engine.start(PROMPT, settings)) {
            while (true) {
                EngineEvent event = generation.next();
                long now = System.nanoTime();
                if (event instanceof EngineEvent.Finished end) {
                    double decodeSecondsSpent = first < 0 ? 0 : (now - first) / 1e9;
                    double rate = end.generatedTokens() > 1 && decodeSecondsSpent > 0
                            ? (end.generatedTokens() - 1) / decodeSecondsSpent : 0;
                    return new TimedGeneration(end.promptTokens(), end.generatedTokens(),
                            first < 0 ? -1 : (first - start) / 1e6, rate);
                }
                if (first < 0) {
                    first = now;
                } else if (now - first > decodeNanos) {
                    generation.cancel();
                }
            }
        }
    }
}
