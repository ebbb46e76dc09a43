package dev.gatehouse.natives;

import java.util.HashMap;
import java.util.Map;

/**
 * WordPiece as HuggingFace's tokenizers define it: a word is split greedily into the longest vocabulary piece at its
 * start, then the longest continuation piece (the vocabulary's pieces that begin with the continuing-subword prefix,
 * {@code ##}) at each following position. A word with a part no piece matches, or with more code points than the
 * limit, becomes the one unknown piece.
 */
final class WordPieceModel {
    private final Map<String, Integer> pieces;
    /** The pieces that begin with the prefix, keyed without it, so that a lookup need not build prefix + part. */
    private final Map<String, Integer> continuations = new HashMap<>();
    private final int unkId;
    private final int maxCodePoints;
    /** No piece is longer (in UTF-16 units), so no longer candidate is worth looking up. */
    private final int longestPiece;

    WordPieceModel(Map<String, Integer> vocab, String continuingPrefix, int unkId, int maxCodePoints) {
        this.pieces = Map.copyOf(vocab);
        int longest = 0;
        for (Map.Entry<String, Integer> piece : vocab.entrySet()) {
            longest = Math.max(longest, piece.getKey().length());
            if (piece.getKey().startsWith(continuingPrefix)) {
                continuations.put(piece.getKey().substring(continuingPrefix.length()), piece.getValue());
            }
        }
        this.longestPiece = longest;
        this.unkId = unkId;
        this.maxCodePoints = maxCodePoints;
    }

    /** Adds the ids of {@code word}'s pieces to {@code ids}. */
    void split(CharSequence word, Pieces ids) {
        String text = word.toString();
        if (text.codePointCount(0, text.length()) > maxCodePoints) {
            ids.add(unkId);
            return;
        }
        int mark = ids.size();
        int start = 0;
        while (start < text.length()) {
            Map<String, Integer> vocabulary = start == 0 ? pieces : continuations;
            Integer id = null;
            int end = Math.min(text.length(), start + longestPiece);
            // Shrinking by UTF-16 units also tries ends inside a surrogate pair, which no piece matches: the same
            // longest match as shrinking by code points.
            for (; end > start; end--) {
                id = vocabulary.get(text.substring(start, end));
                if (id != null) {
                    break;
                }
            }
            if (id == null) {
                ids.truncate(mark);
                ids.add(unkId);
                return;
            }
            ids.add(id);
            start = end;
        }
    }

    /** Piece ids collected for one window: at most {@code limit} kept, the rest only counted as overflow. */
    static final class Pieces {
        private final int limit;
        private long[] ids;
        private int size;

        Pieces(int limit) {
            this.limit = limit;
            this.ids = new long[Math.min(limit, 64)];
        }

        void add(long id) {
            if (size < limit) {
                if (size == ids.length) {
                    ids = java.util.Arrays.copyOf(ids, Math.min(limit, size * 2));
                }
                ids[size] = id;
            }
            size++;
        }

        int size() {
            return size;
        }

        void truncate(int newSize) {
            size = newSize;
        }

        boolean full() {
            return size >= limit;
        }

        /** The kept ids, at most {@code limit}. */
        long[] kept() {
            return java.util.Arrays.copyOf(ids, Math.min(size, limit));
        }
    }
}
