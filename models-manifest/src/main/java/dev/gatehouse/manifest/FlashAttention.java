package dev.gatehouse.manifest;

/** Whether llama.cpp uses flash attention for a GGUF model ({@code flashAttention} in models.yaml). */
public enum FlashAttention {
    /** llama.cpp decides from the backend and the model. */
    AUTO("auto"),
    ON("on"),
    OFF("off");

    private final String wireName;

    FlashAttention(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }
}
