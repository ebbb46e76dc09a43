package dev.gatehouse.router.privacy;

import java.util.List;

/**
 * A set of cue phrases that may end the text before a candidate ("my name is", "moved to"), tested by comparing the
 * end of that text with each phrase, ignoring case and trailing whitespace. Does what a {@code (?i)(?:a|b|c)\s*$}
 * pattern does without trying the alternation at every offset, which made it the costliest step of name detection.
 */
final class TrailingCue {
    private final List<String> phrases;
    /** Each phrase's last char, case-folded as {@link String#regionMatches(boolean, int, String, int, int)} compares. */
    private final char[] lastChars;
    private final boolean wordStart;

    /** @param wordStart whether a phrase must begin a word (a {@code \b} before it) */
    private TrailingCue(List<String> phrases, boolean wordStart) {
        this.phrases = phrases;
        this.wordStart = wordStart;
        this.lastChars = new char[phrases.size()];
        for (int i = 0; i < lastChars.length; i++) lastChars[i] = folded(phrases.get(i).charAt(phrases.get(i).length() - 1));
    }

    /** Two chars equal ignoring case (as regionMatches has it) fold to one value. */
    private static char folded(char c) {
        return Character.toLowerCase(Character.toUpperCase(c));
    }

    static TrailingCue anyEnding(String... phrases) {
        return new TrailingCue(List.of(phrases), false);
    }

    static TrailingCue words(String... phrases) {
        return new TrailingCue(List.of(phrases), true);
    }

    boolean endsText(String before) {
        int end = before.length();
        while (end > 0 && isSpace(before.charAt(end - 1))) end--;
        if (end == 0) return false;
        // most texts end in a char no phrase ends in: compare that char before comparing whole phrases
        char last = folded(before.charAt(end - 1));
        for (int i = 0; i < lastChars.length; i++) {
            if (lastChars[i] != last) continue;
            String phrase = phrases.get(i);
            int start = end - phrase.length();
            if (start < 0 || !before.regionMatches(true, start, phrase, 0, phrase.length())) continue;
            if (!wordStart || start == 0 || !isWordChar(before.charAt(start - 1)) || !isWordChar(phrase.charAt(0))) return true;
        }
        return false;
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\u000B';
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }
}
