package dev.gatehouse.natives;

import java.util.List;

/** What a generation yields: pieces of text, then one end. */
public sealed interface EngineEvent {

    /**
     * Text that is safe to show (complete UTF-8, no part of a stop string).
     *
     * @param logprobs one entry per token behind the text, when logprobs were asked for
     */
    record Piece(String text, List<TokenProbability> logprobs) implements EngineEvent {
        public Piece {
            logprobs = List.copyOf(logprobs);
        }
    }

    /**
     * The generation is over.
     *
     * @param hitLimit        it stopped at the token limit (OpenAI's finish reason "length")
     * @param cancelled       it was cancelled
     * @param generatedTokens tokens sampled, the end-of-generation token not counted
     */
    record Finished(boolean hitLimit, boolean cancelled, int promptTokens, int generatedTokens) implements EngineEvent {}
}
