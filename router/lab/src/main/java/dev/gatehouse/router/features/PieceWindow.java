package dev.gatehouse.router.features;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;

/**
 * The word-piece ids of a text's head, as a tokenizer that truncates to {@code maxLength} ids would give them for
 * the whole text, without tokenising the whole text (the HuggingFace tokenizer truncates only after tokenising all
 * of it: milliseconds for a pasted document, which would cost more than the static embedding itself). BERT
 * pre-tokenisation splits at ASCII whitespace, so a prefix cut just before whitespace yields exactly the leading
 * pieces of the whole; when that prefix does not fill the window a four times longer one is tried, and finally the
 * whole text. The same reasoning as natives' window for MiniLM, which is not visible from here.
 */
public final class PieceWindow implements AutoCloseable {
    /** Characters read first per piece wanted: twice the ~4 a piece takes in English prose or code. */
    private static final int CHARS_PER_PIECE = 8;

    private final HuggingFaceTokenizer tokenizer;
    private final int maxLength;

    /** @param tokenizer a tokenizer that truncates to {@code maxLength} ids, special tokens included */
    PieceWindow(HuggingFaceTokenizer tokenizer, int maxLength) {
        this.tokenizer = tokenizer;
        this.maxLength = maxLength;
    }

    /** MiniLM's tokenizer and window: the ids {@link MiniLmEmbedder} reads, [CLS] and [SEP] included. */
    public static PieceWindow miniLm() {
        return new PieceWindow(StaticEmbedder.openTokenizer(), MiniLmEmbedder.WORD_PIECES);
    }

    public long[] ids(String text) {
        long window = (long) CHARS_PER_PIECE * maxLength;
        while (text.length() > window) {
            int cut = wordEndBefore(text, (int) window);
            if (cut > 0) {
                long[] head = tokenizer.encode(text.substring(0, cut)).getIds();
                if (head.length >= maxLength) return head;
            }
            window *= 4;
        }
        return tokenizer.encode(text).getIds();
    }

    private static int wordEndBefore(String text, int limit) {
        for (int i = Math.min(limit, text.length()) - 1; i >= 0; i--) {
            char c = text.charAt(i);
            if (c == ' ' || c == '\n' || c == '\t' || c == '\r') return i;
        }
        return -1;
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
