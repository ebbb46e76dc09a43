package dev.gatehouse.natives.llamacpp;

import dev.gatehouse.natives.NativeException;

/**
 * How llama.cpp turns a sequence's hidden states into one vector ({@code enum llama_pooling_type}). Embedding models
 * declare theirs in the GGUF ({@code <arch>.pooling_type}); {@link #MODEL} takes that one. Per-token output
 * ({@code NONE}) and rerank scores ({@code RANK}) are not embeddings of an input, so they are not offered.
 */
public enum EmbeddingPooling {
    /** Whatever the GGUF declares (LLAMA_POOLING_TYPE_UNSPECIFIED). */
    MODEL(-1),
    /** The average of every token's hidden state (BERT-style sentence embedders). */
    MEAN(1),
    /** The first token's hidden state (the [CLS] token of BERT-style models). */
    CLS(2),
    /** The last token's hidden state (decoder models trained as embedders, e.g. Qwen3-Embedding). */
    LAST(3);

    static final int NONE = 0;
    static final int RANK = 4;

    final int code;

    EmbeddingPooling(int code) {
        this.code = code;
    }

    /** The pooling a context reports; {@code NONE} and {@code RANK} are refused with the reason. */
    static EmbeddingPooling of(int code, String file) {
        for (EmbeddingPooling pooling : values()) {
            if (pooling != MODEL && pooling.code == code) return pooling;
        }
        String why = switch (code) {
            case NONE -> "declares no pooling (no <arch>.pooling_type in the GGUF), so llama.cpp yields a vector per "
                    + "token, not one per input";
            case RANK -> "is a reranker (pooling rank): it scores pairs instead of embedding texts";
            default -> "uses pooling type " + code + ", unknown to this binding";
        };
        throw new NativeException(NativeException.Kind.INVALID_ARGUMENT, "model " + file + " " + why
                + "; an embedding model needs one of mean, cls or last");
    }
}
