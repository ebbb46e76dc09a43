package dev.gatehouse.natives;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;

/**
 * Tokenises only the start of a long text, giving the same word pieces as tokenising all of it and truncating.
 * The HuggingFace tokenizer truncates after tokenising the whole input, so a 50 KB prompt cost ~20 ms to keep its
 * first 256 pieces; the model never reads the rest. BERT normalisation and pre-tokenisation work word by word and
 * ASCII whitespace always ends a word, so a prefix cut just before such a character yields exactly the leading
 * pieces of the whole text. When that prefix already fills the window ({@code maxLength} ids with [CLS] and [SEP]),
 * the truncated result is identical; otherwise (whitespace-heavy text, no whitespace at all) a four times longer
 * prefix is tried, and finally the whole text, so the result never depends on the shortcut.
 */
final class WindowedTokenizer implements EmbeddingTokenizer {

    /**
     * Characters read first per word piece wanted: twice the ~4 a piece takes in English prose or code, so one try
     * almost always suffices.
     */
    private static final int CHARS_PER_PIECE = 8;

    private final HuggingFaceTokenizer tokenizer;
    private final int maxLength;

    /** @param tokenizer a tokenizer that truncates to {@code maxLength} ids, special tokens included */
    WindowedTokenizer(HuggingFaceTokenizer tokenizer, int maxLength) {
        this.tokenizer = tokenizer;
        this.maxLength = maxLength;
    }

    @Override
    public EmbeddingWindow window(String text) {
        return EmbeddingWindow.of(encode(text));
    }

    Encoding encode(String text) {
        long window = (long) CHARS_PER_PIECE * maxLength;
        while (text.length() > window) {
            int cut = wordEndBefore(text, (int) window);
            if (cut > 0) {
                Encoding head = tokenizer.encode(text.substring(0, cut));
                if (head.getIds().length >= maxLength) {
                    return head;
                }
            }
            window *= 4;
        }
        return tokenizer.encode(text);
    }

    /** The last index before {@code limit} that holds ASCII whitespace, or -1. */
    static int wordEndBefore(String text, int limit) {
        for (int i = Math.min(limit, text.length()) - 1; i >= 0; i--) {
            char c = text.charAt(i);
            if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
                return i;
            }
        }
        return -1;
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
