package dev.gatehouse.inference;

import dev.gatehouse.manifest.ModelSpec;
import java.util.List;

/**
 * One slot of a loaded chat model, lent by the {@link ModelPool}. Closing the lease returns the slot (and cancels a
 * stream still running on it). One lease runs one generation at a time.
 */
public interface ChatLease extends AutoCloseable {
    ModelSpec model();

    /** Context length the model was loaded with, in tokens. */
    int contextLength();

    /** Prompt tokens after the model's chat template is applied, counted by the model's tokenizer (tooling). */
    int countPromptTokens(List<ChatMessage> messages);

    /**
     * Starts generating and returns once the model has read the prompt; the returned stream must be closed
     * (closing the lease closes it too). See {@link ChatModel#generate}.
     */
    LocalGeneration generate(ChatRequest request);

    @Override
    void close();
}
