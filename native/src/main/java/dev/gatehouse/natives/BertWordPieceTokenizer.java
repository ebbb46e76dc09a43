package dev.gatehouse.natives;

import static dev.gatehouse.natives.BertCharacterClasses.isChineseChar;
import static dev.gatehouse.natives.BertCharacterClasses.isControl;
import static dev.gatehouse.natives.BertCharacterClasses.isMark;
import static dev.gatehouse.natives.BertCharacterClasses.isNonspacingMark;
import static dev.gatehouse.natives.BertCharacterClasses.isPunctuation;
import static dev.gatehouse.natives.BertCharacterClasses.isWhitespace;

import dev.gatehouse.natives.WordPieceModel.Pieces;
import java.text.Normalizer;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A BERT WordPiece tokenizer in Java that gives the ids HuggingFace's tokenizer gives for the same
 * {@code tokenizer.json} and truncation, reading only as much of the text as the window needs. DJL's tokenizer
 * crosses JNI and tokenises a prefix of several kilobytes to keep 128 pieces (about 0.9 ms for a 2 KB prompt); this
 * one stops at the word that fills the window, so a decision on a prompt whose window is cached costs little more
 * than the lookup.
 *
 * <p>One pass over the text, in HuggingFace's order: added tokens ({@code [CLS]} written in the text is one piece)
 * are found in the raw text; each stretch between them is normalised (clean_text drops controls and turns
 * whitespace into spaces; CJK ideographs become words of their own; strip_accents is NFD without nonspacing marks;
 * lowercase maps each code point, so {@code İ} may become two), split at whitespace and around each punctuation
 * character, and each word is split into pieces. NFD reorders combining marks, so each base character is normalised
 * together with the marks that follow it; normalising at no coarser grain is what lets the pass stop early.
 */
final class BertWordPieceTokenizer implements EmbeddingTokenizer {

    private final BertTokenizerJson settings;
    private final WordPieceModel model;
    private final int pieceLimit;
    /** Added tokens, longest first, so the first that matches at a position is the longest there. */
    private final String[] addedTexts;
    private final int[] addedIds;
    /** First characters of the added tokens: most positions are ruled out by one lookup. */
    private final String addedFirstChars;

    private BertWordPieceTokenizer(BertTokenizerJson settings, int maxLength) {
        this.settings = settings;
        this.model = new WordPieceModel(settings.vocab(), settings.continuingSubwordPrefix(), settings.unkId(),
                settings.maxInputCharsPerWord());
        this.pieceLimit = maxLength - settings.specialCount();
        List<Map.Entry<String, Integer>> added = settings.addedTokens().entrySet().stream()
                .sorted(Comparator.comparingInt((Map.Entry<String, Integer> e) -> e.getKey().length()).reversed())
                .toList();
        this.addedTexts = added.stream().map(Map.Entry::getKey).toArray(String[]::new);
        this.addedIds = added.stream().mapToInt(Map.Entry::getValue).toArray();
        StringBuilder first = new StringBuilder();
        added.forEach(e -> first.append(e.getKey().charAt(0)));
        this.addedFirstChars = first.toString();
    }

    /**
     * The Java tokenizer for {@code tokenizerJson} truncating to {@code maxLength} ids (special ones included), or
     * empty when the file asks for anything it does not reproduce exactly; {@code refusals} then says what.
     */
    static Optional<BertWordPieceTokenizer> forJson(byte[] tokenizerJson, int maxLength, List<String> refusals) {
        Optional<BertTokenizerJson> settings = BertTokenizerJson.read(tokenizerJson, refusals);
        if (settings.isPresent() && maxLength < settings.get().specialCount()) {
            refusals.add("maxLength " + maxLength + " is below the " + settings.get().specialCount()
                    + " special tokens");
            return Optional.empty();
        }
        return settings.map(s -> new BertWordPieceTokenizer(s, maxLength));
    }

    @Override
    public EmbeddingWindow window(String text) {
        Scan scan = new Scan(text, new Pieces(pieceLimit));
        int n = text.length();
        for (int i = 0; i < n && !scan.pieces.full(); ) {
            int added = addedTokenAt(text, i);
            if (added >= 0) {
                scan.endWord();
                scan.pieces.add(addedIds[added]);
                i += addedTexts[added].length();
                continue;
            }
            char c = text.charAt(i);
            if (c < 0x80 && c != 0 && (i + 1 == n || text.charAt(i + 1) < 0x80)) {
                scan.ascii(c);
                i++;
            } else {
                int end = sequenceEnd(text, i);
                scan.sequence(i, end);
                i = end;
            }
        }
        scan.endWord();
        return assemble(scan.pieces.kept());
    }

    /**
     * Whether DJL would hand {@code text} to Rust lossily. DJL passes Java's modified UTF-8 (NUL as two bytes, each
     * surrogate as three), which Rust decodes exactly unless a surrogate is unpaired; then it decodes the bytes as
     * UTF-8 with U+FFFD for each invalid part: three for a lone surrogate, six for an astral character, two for NUL.
     */
    static boolean hasLoneSurrogate(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isSurrogate(c)) {
                boolean paired = Character.isHighSurrogate(c) && i + 1 < text.length()
                        && Character.isLowSurrogate(text.charAt(i + 1));
                if (paired) {
                    i++;
                } else {
                    return true;
                }
            }
        }
        return false;
    }

    /** The index of the longest added token that starts at {@code i}, or -1. */
    private int addedTokenAt(String text, int i) {
        if (addedFirstChars.indexOf(text.charAt(i)) < 0) {
            return -1;
        }
        for (int t = 0; t < addedTexts.length; t++) {
            if (text.startsWith(addedTexts[t], i)) {
                return t;
            }
        }
        return -1;
    }

    /** The end of the character at {@code start} and the marks after it, which NFD must see together. */
    private int sequenceEnd(String text, int start) {
        int end = start + Character.charCount(text.codePointAt(start));
        while (end < text.length()) {
            int next = text.codePointAt(end);
            if (!isMark(next) || addedTokenAt(text, end) >= 0) {
                break;
            }
            end += Character.charCount(next);
        }
        return end;
    }

    private EmbeddingWindow assemble(long[] pieces) {
        long[] prefix = settings.prefixIds();
        long[] suffix = settings.suffixIds();
        int length = prefix.length + pieces.length + suffix.length;
        long[] ids = new long[length];
        long[] types = new long[length];
        System.arraycopy(prefix, 0, ids, 0, prefix.length);
        System.arraycopy(settings.prefixTypes(), 0, types, 0, prefix.length);
        System.arraycopy(pieces, 0, ids, prefix.length, pieces.length);
        Arrays.fill(types, prefix.length, prefix.length + pieces.length, settings.sequenceType());
        System.arraycopy(suffix, 0, ids, prefix.length + pieces.length, suffix.length);
        System.arraycopy(settings.suffixTypes(), 0, types, prefix.length + pieces.length, suffix.length);
        long[] mask = new long[length];
        Arrays.fill(mask, 1);
        return EmbeddingWindow.of(ids, mask, types);
    }

    @Override
    public void close() {
        // nothing native to free
    }

    /** One text's pass: the word being read and the pieces so far. */
    private final class Scan {
        private final String text;
        private final Pieces pieces;
        private final StringBuilder word = new StringBuilder();
        private final StringBuilder cleaned = new StringBuilder();
        /** A word this long (UTF-16 units) has more code points than a piece may come from: one unknown piece. */
        private final long wordCap = 2L * settings.maxInputCharsPerWord() + 2;
        /** See {@link #hasLoneSurrogate}: 1 or 0 once known, -1 before. */
        private int lossy = -1;

        Scan(String text, Pieces pieces) {
            this.text = text;
            this.pieces = pieces;
        }

        /**
         * Whether DJL hands this text over lossily, found out only at the first character that it changes (NUL, a
         * surrogate, an astral character): most windows fill before one, and never read the whole text.
         */
        private boolean lossy() {
            if (lossy < 0) {
                lossy = hasLoneSurrogate(text) ? 1 : 0;
            }
            return lossy == 1;
        }

        /** A lone ASCII character: NFD and accents leave it alone. */
        void ascii(char c) {
            if (settings.cleanText()) {
                if (c == 0 || isControl(c)) {
                    return;
                }
                if (isWhitespace(c)) {
                    endWord();
                    return;
                }
            }
            if (settings.lowercase() && c >= 'A' && c <= 'Z') {
                c = (char) (c + ('a' - 'A'));
            }
            preTokenize(c);
        }

        /** Normalises the characters in [start, end) together, then pre-tokenises the result. */
        void sequence(int start, int end) {
            cleaned.setLength(0);
            for (int i = start; i < end; ) {
                int c = text.codePointAt(i);
                i += Character.charCount(c);
                if ((c == 0 || c >= 0x10000 || Character.isSurrogate((char) c)) && lossy()) {
                    int replacements = c == 0 ? 2 : c >= 0x10000 ? 6 : 3;
                    if (!settings.cleanText()) {
                        cleaned.repeat(0xFFFD, replacements);
                    }
                    continue;
                }
                if (settings.cleanText()) {
                    if (c == 0 || c == 0xFFFD || isControl(c)) {
                        continue;
                    }
                    if (isWhitespace(c)) {
                        c = ' ';
                    }
                }
                if (settings.handleChineseChars() && isChineseChar(c)) {
                    cleaned.append(' ').appendCodePoint(c).append(' ');
                } else {
                    cleaned.appendCodePoint(c);
                }
            }
            CharSequence normalized = settings.stripAccents() ? Normalizer.normalize(cleaned, Normalizer.Form.NFD)
                    : cleaned;
            for (int i = 0; i < normalized.length(); ) {
                int c = Character.codePointAt(normalized, i);
                i += Character.charCount(c);
                if (settings.stripAccents() && isNonspacingMark(c)) {
                    continue;
                }
                if (!settings.lowercase()) {
                    preTokenize(c);
                } else if (c == 0x130) {
                    preTokenize('i'); // the one unconditional lowercase mapping to two code points
                    preTokenize(0x307);
                } else {
                    preTokenize(Character.toLowerCase(c));
                }
            }
        }

        private void preTokenize(int c) {
            if (isWhitespace(c)) {
                endWord();
            } else if (isPunctuation(c)) {
                endWord();
                word.appendCodePoint(c);
                endWord();
            } else if (word.length() <= wordCap) {
                word.appendCodePoint(c);
            }
        }

        void endWord() {
            if (!word.isEmpty()) {
                model.split(word, pieces);
                word.setLength(0);
            }
        }
    }
}
