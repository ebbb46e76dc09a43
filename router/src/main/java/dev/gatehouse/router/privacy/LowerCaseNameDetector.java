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
    private static final Pattern NAMING_CUE = Pattern.compile(
            "(?:my name is|name'?s|call me|called|named|i am|i'm|this is|signed|regards,?|hi|hello|dear)\\s*$");

    private final Lexicons lexicons;

    LowerCaseNameDetector(Lexicons lexicons) {
        this.lexicons = lexicons;
    }

    @Override
    public void detect(String text, List<Finding> out) {
        Matcher m = WORD.matcher(text);
        int resumeAt = 0;
        while (m.find(resumeAt)) {
            resumeAt = m.end();
            String word = m.group();
            if (!Character.isLowerCase(word.charAt(0)) || lexicons.isCommon(word) || word.length() < 3) continue;
            if (lexicons.isGivenName(word)) {
                int end = extendOverSurname(text, m.end());
                out.add(new Finding(EntityTypes.PERSON, m.start(), end, 0.5));
                resumeAt = end;
            } else if (lexicons.places().contains(Lexicons.base(word))) {
                out.add(new Finding(EntityTypes.GPE, m.start(), m.end(), 0.6));
            } else if (NAMING_CUE.matcher(Detector.lowerAscii(text.substring(Math.max(0, m.start() - 16), m.start()))).find()) {
                out.add(new Finding(EntityTypes.PERSON, m.start(), extendOverSurname(text, m.end()), 0.55));
            }
        }
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
