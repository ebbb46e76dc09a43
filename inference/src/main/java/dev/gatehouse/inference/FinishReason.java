package dev.gatehouse.inference;

/** Why generation ended: OpenAI's {@code finish_reason} values. */
public enum FinishReason {
    /** End of sequence or a stop string. */
    STOP,
    /** {@code max_tokens} or the context length was reached. */
    LENGTH,
    /** The model called one or more tools. */
    TOOL_CALLS;

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
