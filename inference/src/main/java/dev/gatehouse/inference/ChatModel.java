package dev.gatehouse.inference;

import java.util.List;

/** A loaded model that continues conversations. Thread-safe up to the slot count it was loaded with. */
public interface ChatModel extends LoadedModel {

    /** Prompt tokens after the chat template is applied, by the model's own tokenizer. */
    int countPromptTokens(List<ChatMessage> messages);

    /** Starts one generation on a free slot; closing the stream cancels it. */
    TokenStream generate(ChatRequest request);
}
