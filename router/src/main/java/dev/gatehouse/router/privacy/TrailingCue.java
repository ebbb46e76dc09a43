package dev.gatehouse.router.privacy;

import java.util.List;

/**
 * A set of cue phrases that may end the text before a candidate ("my name is", "moved to"), tested by comparing the
 * end of that text with each phrase, ignoring case and trailing whitespace. Does what a {@code (?i)(?:a|b|c)\s*$}
 * pattern does without trying the alternation at every offset, which made it the costliest step of name detection.
 */
final class TrailingCue {
    private final List<String> phrases;
    private final boolean wordStart;

    /** @param wordStart whether a phrase must begin a word (a {@code \b} before it) */
    private TrailingCue(List<String> phrases, boolean wordStart) {
        this.phrases = phrases;
        this.wordStart = wordStart;
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
        for (String phrase : phrases) {
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
