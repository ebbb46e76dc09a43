package dev.gatehouse.router.privacy;

import java.util.List;
import java.util.regex.Pattern;

/** A person's age (Presidio's AGE) from its phrasing: "65-year-old", "aged 40", "at the age of 61", "turned 60", "I am 32". */
final class AgeDetector implements Detector {
    private static final Pattern AGE = Pattern.compile("(?=[0-9athisy])\\b(?:"
            + "(\\d{1,3})[- ](?:years?|yrs?)[- ]old"
            + "|(\\d{1,3})\\s(?:years?|yrs?)\\sof\\sage"
            + "|(?:aged?|age of|turn(?:ed|s|ing)?|i'?m|i am|he'?s|she'?s|he is|she is|they are)\\s(\\d{1,3})(?!\\s?(?:%|am|pm|a\\.m|p\\.m|:|\\.\\d|,\\d))"
            + "|(\\d{1,3})\\s?(?:yo|y/o|y\\.o\\.)"
            + ")\\b");

    @Override
    public void detect(ScanText scan, List<Finding> out) {
        String lower = scan.lower;
        ScanText.matches(AGE, lower, scan.alnumStarts, scan.alnumStartCount, s -> ageStart(lower, s), m -> {
            for (int g = 1; g <= 4; g++) {
                if (m.group(g) == null) continue;
                int age = Integer.parseInt(m.group(g));
                if (age > 0 && age < 125) out.add(new Finding(EntityTypes.AGE, m.start(g), m.end(g), 0.7));
            }
        });
    }

    private static final String[] CUE_STARTS = {"age", "turn", "i'", "im", "i ", "he", "she", "they"};

    /**
     * A number or one of the cue words begins every match. A number of at most three digits is followed by "y"
     * (years, yrs, yo, y/o), directly or after one "-" or space; a cue word (at most 8 chars) by a space and a digit:
     * most numbers and words in a text fail these char checks before the pattern is tried.
     */
    private static boolean ageStart(String lower, int s) {
        char c = lower.charAt(s);
        if (c >= '0' && c <= '9') {
            int e = s + 1;
            while (e < lower.length() && isDigit(lower.charAt(e))) e++;
            if (e - s > 3 || e >= lower.length()) return false;
            char next = lower.charAt(e);
            return next == 'y' || ((next == '-' || isSpace(next)) && e + 1 < lower.length() && lower.charAt(e + 1) == 'y');
        }
        if (!spaceThenDigit(lower, s + 2, Math.min(s + 9, lower.length() - 1))) return false;
        for (String cue : CUE_STARTS) if (lower.startsWith(cue, s)) return true;
        return false;
    }

    /** Whether some offset {@code i} in [from, to] holds a digit after a {@code \s} char. */
    private static boolean spaceThenDigit(String lower, int from, int to) {
        for (int i = from; i <= to; i++) if (isDigit(lower.charAt(i)) && isSpace(lower.charAt(i - 1))) return true;
        return false;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** {@code \s} without UNICODE_CHARACTER_CLASS. */
    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r';
    }
}
