package dev.gatehouse.inference;

/** Real token counts of one request, from the model's own tokenizer. */
public record Usage(int promptTokens, int completionTokens) {
    public int totalTokens() {
        return promptTokens + completionTokens;
    }
}
