package dev.gatehouse.natives;

import ai.djl.huggingface.tokenizers.Encoding;
import java.util.Arrays;

/**
 * The word pieces an embedder reads of one text (its window: the first {@code maxLength} pieces with the special
 * ones), as the model's three inputs. One input per run makes the vector a function of these arrays alone, so two
 * texts with equal windows have equal vectors; windows compare by value and can key a cache of vectors.
 */
public final class EmbeddingWindow {
    private final long[] ids;
    private final long[] mask;
    private final long[] types;
    private final int hash;

    private EmbeddingWindow(long[] ids, long[] mask, long[] types) {
        this.ids = ids;
        this.mask = mask;
        this.types = types;
        this.hash = 31 * (31 * Arrays.hashCode(ids) + Arrays.hashCode(mask)) + Arrays.hashCode(types);
    }

    static EmbeddingWindow of(Encoding encoding) {
        return new EmbeddingWindow(encoding.getIds(), encoding.getAttentionMask(), encoding.getTypeIds());
    }

    /** A window whose arrays the caller hands over and does not change afterwards. */
    static EmbeddingWindow of(long[] ids, long[] mask, long[] types) {
        return new EmbeddingWindow(ids, mask, types);
    }

    /** Word pieces in the window, the special ones included. */
    public int pieces() {
        return ids.length;
    }

    /** Roughly what the window holds in memory, for weighing cache entries. */
    public int bytes() {
        return 3 * Long.BYTES * ids.length + 64;
    }

    long[] ids() {
        return ids;
    }

    long[] mask() {
        return mask;
    }

    long[] types() {
        return types;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof EmbeddingWindow w && hash == w.hash && Arrays.equals(ids, w.ids)
                && Arrays.equals(mask, w.mask) && Arrays.equals(types, w.types);
    }

    @Override
    public int hashCode() {
        return hash;
    }
}
