package dev.gatehouse.natives;

import java.util.Arrays;
import java.util.Map;

/**
 * WordPiece as HuggingFace's tokenizers define it: a word is split greedily into the longest vocabulary piece at its
 * start, then the longest continuation piece (a vocabulary piece that begins with the continuing-subword prefix,
 * {@code ##}) at each following position. A word with a part no piece matches, or with more code points than the
 * limit, becomes the one unknown piece.
 *
 * <p>The vocabulary is one open-addressing table over the pieces' characters rather than a {@code HashMap} of
 * strings: the request path tokenises right after a model run has flushed the CPU caches, and a lookup here touches
 * two cache lines (the slot, then the piece's id and characters side by side) where a map of strings touches four or
 * five, without building the candidate string. Measured after flushing the caches, that took a 2 KB prompt's window
 * from about 0.15 to 0.1 ms.
 */
final class WordPieceModel {
    private final String prefix;
    private final int unkId;
    private final int maxCodePoints;
    /** No piece is longer (in UTF-16 units, prefix included), so no longer candidate is worth looking up. */
    private final int longestPiece;
    /** Every piece as its id (two chars, high then low half) followed by its characters. */
    private final char[] pool;
    /**
     * {@code hash << 32 | start << 8 | length} of a piece whose characters begin at {@code pool[start]}; 0 where
     * empty. The hash rules out most pieces without reading the pool.
     */
    private final long[] slots;

    /** Longest piece a slot can describe, in UTF-16 units. */
    static final int MAX_PIECE_CHARS = 255;
    /** Largest pool a slot can point into: ids and characters of all pieces. */
    static final int MAX_POOL_CHARS = 1 << 24;

    WordPieceModel(Map<String, Integer> vocab, String continuingPrefix, int unkId, int maxCodePoints) {
        this.prefix = continuingPrefix;
        this.unkId = unkId;
        this.maxCodePoints = maxCodePoints;
        this.slots = new long[Integer.highestOneBit(Math.max(1, vocab.size())) * 4];
        StringBuilder all = new StringBuilder();
        int longest = 0;
        for (Map.Entry<String, Integer> entry : vocab.entrySet()) {
            String text = entry.getKey();
            int id = entry.getValue();
            all.append((char) (id >>> 16)).append((char) id);
            long start = all.length();
            all.append(text);
            if (text.isEmpty() || text.length() > MAX_PIECE_CHARS || all.length() > MAX_POOL_CHARS) {
                throw new IllegalArgumentException("vocabulary piece '" + text + "' is empty, longer than "
                        + MAX_PIECE_CHARS + " or past " + MAX_POOL_CHARS + " characters in all");
            }
            longest = Math.max(longest, text.length());
            int hash = hash(0, text, 0, text.length());
            int slot = mix(hash) & (slots.length - 1);
            while (slots[slot] != 0) {
                slot = (slot + 1) & (slots.length - 1);
            }
            slots[slot] = (long) hash << 32 | start << 8 | text.length();
        }
        this.pool = all.toString().toCharArray();
        this.longestPiece = longest;
    }

    /** Adds the ids of {@code word}'s pieces to {@code ids}. */
    void split(CharSequence word, Pieces out) {
        int length = word.length();
        if (Character.codePointCount(word, 0, length) > maxCodePoints) {
            out.add(unkId);
            return;
        }
        int mark = out.size();
        int prefixHash = hash(0, prefix, 0, prefix.length());
        int[] hashes = out.scratch(longestPiece + 1);
        int start = 0;
        while (start < length) {
            boolean continuation = start > 0;
            int room = longestPiece - (continuation ? prefix.length() : 0);
            int maxEnd = Math.min(length, start + Math.max(0, room));
            // hashes[k]: the hash of the candidate ending at start + k, prefix included after the first piece
            hashes[0] = continuation ? prefixHash : 0;
            for (int k = 1; k <= maxEnd - start; k++) {
                hashes[k] = 31 * hashes[k - 1] + word.charAt(start + k - 1);
            }
            // Shrinking by UTF-16 units also tries ends inside a surrogate pair, which no piece matches: the same
            // longest match as HuggingFace's shrinking by code points.
            int id = -1;
            int end = maxEnd;
            for (; end > start; end--) {
                id = find(hashes[end - start], continuation, word, start, end);
                if (id >= 0) {
                    break;
                }
            }
            if (id < 0) {
                out.truncate(mark);
                out.add(unkId);
                return;
            }
            out.add(id);
            start = end;
        }
    }

    /** The id of the piece (the prefix, if {@code continuation}, then {@code word[from, to)}), or -1. */
    private int find(int hash, boolean continuation, CharSequence word, int from, int to) {
        int length = (continuation ? prefix.length() : 0) + to - from;
        for (int slot = mix(hash) & (slots.length - 1); slots[slot] != 0; slot = (slot + 1) & (slots.length - 1)) {
            long entry = slots[slot];
            if ((int) (entry >>> 32) != hash || (int) (entry & 0xFF) != length) {
                continue;
            }
            int start = (int) (entry >>> 8) & (MAX_POOL_CHARS - 1);
            int at = start;
            if (continuation) {
                if (!sameChars(prefix, 0, prefix.length(), at)) {
                    continue;
                }
                at += prefix.length();
            }
            if (sameChars(word, from, to, at)) {
                return pool[start - 2] << 16 | pool[start - 1];
            }
        }
        return -1;
    }

    /** Whether {@code word[from, to)} equals the pooled characters from {@code at}. */
    private boolean sameChars(CharSequence word, int from, int to, int at) {
        for (int i = from; i < to; i++, at++) {
            if (word.charAt(i) != pool[at]) {
                return false;
            }
        }
        return true;
    }

    private static int hash(int seed, CharSequence text, int from, int to) {
        int hash = seed;
        for (int i = from; i < to; i++) {
            hash = 31 * hash + text.charAt(i);
        }
        return hash;
    }

    /** Spreads String-style hashes, whose low bits are poor for short keys, over the table. */
    private static int mix(int hash) {
        int h = hash * 0x9E3779B9;
        return h ^ (h >>> 15);
    }

    /** Piece ids collected for one window: at most {@code limit} kept, the rest only counted as overflow. */
    static final class Pieces {
        private final int limit;
        private long[] ids;
        private int size;
        /** Reused by {@link #split} for every word of the window, so that a word allocates nothing. */
        private int[] scratch = new int[0];

        Pieces(int limit) {
            this.limit = limit;
            this.ids = new long[Math.min(limit, 64)];
        }

        void add(long id) {
            if (size < limit) {
                if (size == ids.length) {
                    ids = Arrays.copyOf(ids, Math.min(limit, size * 2));
                }
                ids[size] = id;
            }
            size++;
        }

        int size() {
            return size;
        }

        int[] scratch(int length) {
            if (scratch.length < length) {
                scratch = new int[length];
            }
            return scratch;
        }

        void truncate(int newSize) {
            size = newSize;
        }

        boolean full() {
            return size >= limit;
        }

        /** The kept ids, at most {@code limit}. */
        long[] kept() {
            return Arrays.copyOf(ids, Math.min(size, limit));
        }
    }
}
