package dev.gatehouse.inference;

/** A generation on a local model that has started: the model has read the prompt's real token count. */
public interface LocalGeneration extends TokenStream {

    /** Prompt tokens after the chat template, by the model's own tokenizer. */
    int promptTokens();
}
