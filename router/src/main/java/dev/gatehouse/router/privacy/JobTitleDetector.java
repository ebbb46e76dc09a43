package dev.gatehouse.router.privacy;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Job titles (Presidio's TITLE): up to five words ending in an occupation word (clerk, engineer, technician ...) where
 * the text presents them as someone's job — alone on a line, as in a signature ("Leasing consultant"), after "as"/"as
 * a" ("worked as X-ray technician"), or between commas after "the" ("Ann Lee, the technical writer, said") — 0.7.
 * The occupation word alone in running text ("the driver was late") is not a title.
 */
final class JobTitleDetector implements Detector {
    private static final String WORDS = "((?:[\\p{L}'’-]++,?[ \\t]){0,4}[\\p{L}'’-]++)";
    private static final Pattern IN_CONTEXT = Pattern.compile(
            "(?m)(?:^[ \\t>]*+" + WORDS + "[ \\t]*+$|\\b[Aa]s\\s(?:an?\\s)?(?!the\\s)" + WORDS + "|,\\sthe\\s" + WORDS + ",)");
    private static final Pattern WORD = Pattern.compile("[\\p{L}'’-]++");

    private final Lexicons lexicons;

    JobTitleDetector(Lexicons lexicons) {
        this.lexicons = lexicons;
    }

    @Override
    public void detect(ScanText scan, List<Finding> out) {
        int[] starts = contextStarts(scan);
        String text = scan.text, lower = scan.lower;
        ScanText.matches(IN_CONTEXT, text, starts, starts.length,
                s -> lower.startsWith("as", s) || lower.charAt(s) == ',' || shortLine(text, s), m -> {
            for (int g = 1; g <= 3; g++) {
                if (m.group(g) == null) continue;
                // after "as" the title ends at its first occupation word; a line or a ", the ... ," must end in one
                int end = -1;
                Matcher word = WORD.matcher(m.group(g));
                while (word.find()) {
                    if (lexicons.jobWords().contains(Lexicons.fold(lastPart(word.group())))) {
                        end = word.end();
                        if (g == 2) break;
                    } else if (g != 2) {
                        end = -1;
                    }
                }
                if (end > 0) out.add(new Finding(EntityTypes.TITLE, m.start(g), m.start(g) + end, 0.7));
            }
        });
    }

    /** Where IN_CONTEXT can match: line starts, the word "as", and ", the". */
    private static int[] contextStarts(ScanText scan) {
        String lower = scan.lower;
        int n = lower.length();
        int[] starts = new int[scan.lineStartCount + 16];
        int k = 0;
        for (int i = 0; i < n; i++) {
            char c = lower.charAt(i);
            boolean start = i == 0 || lower.charAt(i - 1) == '\n'
                    || (c == 'a' && lower.startsWith("as", i) && (i == 0 || !Character.isLetterOrDigit(lower.charAt(i - 1))))
                    || (c == ',' && lower.startsWith("the", i + 2));
            if (!start) continue;
            if (k == starts.length) starts = java.util.Arrays.copyOf(starts, k * 2);
            starts[k++] = i;
        }
        return java.util.Arrays.copyOf(starts, k);
    }

    /**
     * Whether the line from {@code s} can be a title alone on its line: after {@code [ \t>]*}, nothing but at most five
     * words, commas, spaces and tabs up to the line's end. Most lines are sentences, which fail here without the
     * pattern reading and backtracking over their first five words.
     */
    private static boolean shortLine(String text, int s) {
        int n = text.length(), i = s, words = 0;
        while (i < n && (text.charAt(i) == ' ' || text.charAt(i) == '\t' || text.charAt(i) == '>')) i++;
        boolean inWord = false;
        for (; i < n; i++) {
            char c = text.charAt(i);
            if (Character.isLetter(c) || Character.isSurrogate(c) || c == '\'' || c == '’' || c == '-') {
                if (!inWord && ++words > 5) return false;
                inWord = true;
            } else if (c == ',' || c == ' ' || c == '\t') {
                inWord = false;
            } else {
                return c == '\n' || c == '\r' || c == '\u0085' || c == '\u2028' || c == '\u2029';
            }
        }
        return true;
    }

    /** "X-ray technician" ends in "technician"; "machine-operator" in "operator". */
    private static String lastPart(String word) {
        int dash = Math.max(word.lastIndexOf('-'), word.lastIndexOf('’'));
        return dash >= 0 && dash < word.length() - 1 ? word.substring(dash + 1) : word;
    }
}
