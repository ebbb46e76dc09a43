package dev.gatehouse.inference;

import java.util.List;

/** A loaded model that continues conversations. Thread-safe up to the slot count it was loaded with. */
public interface ChatModel extends LoadedModel {

    /** Prompt tokens after the chat template is applied, by the model's own tokenizer (capacity tooling). */
    int countPromptTokens(List<ChatMessage> messages);

    /**
     * Starts one generation on a free slot and returns once the model has read the prompt; closing the stream
     * cancels it.
     *
     * @throws InferenceException CONTEXT_OVERFLOW (with the real counts) when the prompt, or the prompt plus
     *                            max_tokens, does not fit; UNSUPPORTED_OPTION when the engine cannot honour an option
     */
    LocalGeneration generate(ChatRequest request);
}
