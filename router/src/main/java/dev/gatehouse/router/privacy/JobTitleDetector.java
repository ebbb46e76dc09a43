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
        ScanText.matches(IN_CONTEXT, scan.text, starts, starts.length, s -> true, m -> {
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

    /** "X-ray technician" ends in "technician"; "machine-operator" in "operator". */
    private static String lastPart(String word) {
        int dash = Math.max(word.lastIndexOf('-'), word.lastIndexOf('’'));
        return dash >= 0 && dash < word.length() - 1 ? word.substring(dash + 1) : word;
    }
}
