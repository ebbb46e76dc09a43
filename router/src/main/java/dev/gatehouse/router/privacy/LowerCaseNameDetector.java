package dev.gatehouse.router.privacy;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Names typed in lower case ("follow up with patricia desrosiers", "i'm from switzerland"), which the capitalised-run
 * detector cannot see. Only words that are not ordinary English words count, so "will", "grace" or "mark" in lower case
 * stay words:
 * <ul>
 *   <li>a known given name — PERSON 0.5, with the next word when it is a known surname or no English word, and an
 *       initial between ("benjamin a seiler");</li>
 *   <li>a known country, state or city — GPE 0.6;</li>
 *   <li>any other non-dictionary word right after a naming cue ("my name is", "call me") — PERSON 0.55.</li>
 * </ul>
 */
final class LowerCaseNameDetector implements Detector {
    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{M}]++(?:['’-][\\p{L}\\p{M}]++)*+");
    /** The words that name whoever comes next when they end the text before a word. */
    private static final List<String> CUES = List.of("my name is", "names", "name's", "call me", "called", "named",
            "i am", "i'm", "this is", "signed", "regards", "regards,", "hi", "hello", "dear");
    private static final Pattern NAMING_CUE = Pattern.compile("(?:"
            + String.join("|", CUES.stream().map(Pattern::quote).toList()) + ")\\s*$");
    private static final int CUE_WINDOW = 16;

    private final Lexicons lexicons;

    LowerCaseNameDetector(Lexicons lexicons) {
        this.lexicons = lexicons;
    }

    @Override
    public void detect(ScanText scan, List<Finding> out) {
        String text = scan.text;
        int resumeAt = 0;
        for (int w = 0; w < scan.wordCount; w++) {
            int start = scan.wordStart[w], end = scan.wordEnd[w];
            if (start < resumeAt || !Character.isLowerCase(text.charAt(start)) || end - start < 3) continue;
            if (scan.isCommon(w, lexicons)) continue;
            String base = scan.base(w);
            if (scan.isGivenName(w, lexicons)) {
                int nameEnd = extendOverSurname(text, end);
                out.add(new Finding(EntityTypes.PERSON, start, nameEnd, 0.5));
                resumeAt = nameEnd;
            } else if (lexicons.places().contains(base)) {
                out.add(new Finding(EntityTypes.GPE, start, end, 0.6));
            } else if (cueBefore(scan.lower, start)) {
                out.add(new Finding(EntityTypes.PERSON, start, extendOverSurname(text, end), 0.55));
            }
        }
    }

    /**
     * Whether the {@value #CUE_WINDOW} chars before {@code start} end in a naming cue. The expression is run only when
     * the window, without the blanks and line ends after its last word, ends with one of {@link #CUES}: every match
     * does, and most windows do not, so most words skip a search tried at each of 16 offsets.
     */
    private static boolean cueBefore(String lower, int start) {
        int from = Math.max(0, start - CUE_WINDOW), end = start;
        while (end > from && blankOrLineEnd(lower.charAt(end - 1))) end--;
        for (String cue : CUES) {
            if (end - cue.length() >= from && lower.startsWith(cue, end - cue.length())) {
                return NAMING_CUE.matcher(lower.substring(from, start)).find();
            }
        }
        return false;
    }

    /** {@code \s} and the line terminators {@code $} may stand before. */
    private static boolean blankOrLineEnd(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r'
                || c == '\u0085' || c == '\u2028' || c == '\u2029';
    }

    /** The end of the name: past "a " (an initial) and one following word that is a surname or no English word. */
    private int extendOverSurname(String text, int end) {
        int i = end;
        if (i + 3 <= text.length() && text.charAt(i) == ' ' && Character.isLowerCase(text.charAt(i + 1))
                && text.charAt(i + 2) == ' ') i += 2;
        if (i >= text.length() || text.charAt(i) != ' ') return end;
        Matcher next = WORD.matcher(text).region(i + 1, text.length());
        if (!next.lookingAt() || !Character.isLowerCase(next.group().charAt(0))) return end;
        String word = next.group();
        boolean surname = lexicons.surnames().contains(Lexicons.base(word)) || !lexicons.isCommon(word);
        return surname && word.length() > 1 ? next.end() : end;
    }
}
