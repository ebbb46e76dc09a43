package dev.gatehouse.router.privacy;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Addresses written as a block of lines, the way letters and signatures carry them:
 * <pre>
 *   20789 Allika 46
 *   Suite 501
 *   Riisa
 *   Estonia 62488
 * </pre>
 * A line of building number, street word(s) and house number ("20789 Allika 46") is a street (0.6) anywhere at the start
 * of a line. After a street or unit line, up to four lines of place words are read: a line of one to three capitalised
 * words is a town (GPE 0.6), and a 4- to 6-digit number ending such a line, or alone on one, is the block's postal code,
 * reported as part of the street address (0.6) since without a cue it names no country's code system.
 * Every piece is reported by itself, so that a town is never hidden inside a street span.
 */
final class AddressBlockDetector implements Detector {
    private static final Pattern NUMBER_WORDS_NUMBER = Pattern.compile(
            "(?m)^[^\\p{L}\\p{N}(\\n]*+(\\d{1,6}[A-Za-z]?(?:\\s\\d{1,6}[A-Za-z]?)?\\s(?:\\p{Lu}[\\p{L}'’.-]*+\\s){1,3}\\d{1,5}[A-Za-z]?\\.?)[ \\t]*+,?$");
    private static final Pattern STREET_LINE = Pattern.compile(
            "(?i)\\d{1,6}.*\\p{L}|(?:apt|suite|unit|box|flat)\\.?\\s*#?\\d");
    private static final Pattern SIGNATURE_WORDS = Pattern.compile("\\p{L}[\\p{L}'’&.-]*+(?:,?\\s\\p{L}[\\p{L}'’&.-]*+){0,5}");
    private static final Pattern TRAILING_CODE = Pattern.compile("(?<![\\p{L}\\d_-])(?:\\d{4,6}|\\d{2}-\\d{3}|\\d{3} \\d{2})$");
    private static final Pattern INITIAL = Pattern.compile("\\s\\p{Lu}\\.?\\s");
    private static final Pattern TOWN = Pattern.compile("(?:\\p{Lu}[\\p{L}'’.-]*+)(?:\\s\\p{Lu}[\\p{L}'’.-]*+){0,2}");

    private final Lexicons lexicons;

    AddressBlockDetector(Lexicons lexicons) {
        this.lexicons = lexicons;
    }

    @Override
    public void detect(ScanText scan, List<Finding> out) {
        String text = scan.text;
        if (text.indexOf('\n') < 0 && !Character.isDigit(text.isEmpty() ? ' ' : text.charAt(0))) return;
        ScanText.matches(NUMBER_WORDS_NUMBER, text, scan.lineStarts, scan.lineStartCount, s -> true,
                street -> out.add(new Finding(EntityTypes.STREET_ADDRESS, street.start(1), street.end(1), 0.6)));
        List<int[]> lines = lines(text);
        int linesAfterStreet = Integer.MAX_VALUE;
        for (int i = 0; i < lines.size(); i++) {
            int[] l = lines.get(i);
            if (l[0] == l[1]) {
                if (linesAfterStreet != Integer.MAX_VALUE) linesAfterStreet++;
                continue;
            }
            String line = text.substring(l[0], l[1]);
            boolean street = STREET_LINE.matcher(line).lookingAt() && line.length() < 60;
            if (linesAfterStreet < 4) readPlaceLine(line, l[0], nextLine(text, lines, i), out);
            else if (!street) readOrganizationLine(text, lines, i, out);
            // saturating: before any street line the count stays "never" instead of wrapping round to negative
            linesAfterStreet = street ? 0 : linesAfterStreet == Integer.MAX_VALUE ? linesAfterStreet : linesAfterStreet + 1;
        }
    }

    private static String nextLine(String text, List<int[]> lines, int i) {
        for (int k = i + 1; k < lines.size(); k++) if (lines.get(k)[0] < lines.get(k)[1]) return text.substring(lines.get(k)[0], lines.get(k)[1]);
        return null;
    }

    /** Each line as [start, end) without quote markers ("> ", "| "), indentation and commas at its edges. */
    private static List<int[]> lines(String text) {
        List<int[]> lines = new java.util.ArrayList<>();
        int lineStart = 0;
        while (lineStart <= text.length()) {
            int newline = text.indexOf('\n', lineStart);
            int lineEnd = newline < 0 ? text.length() : newline;
            int start = lineStart, end = lineEnd;
            while (start < end && !Character.isLetterOrDigit(text.charAt(start)) && text.charAt(start) != '(') start++;
            while (end > start && (Character.isWhitespace(text.charAt(end - 1)) || text.charAt(end - 1) == ',')) end--;
            lines.add(new int[] {start, end});
            if (newline < 0) break;
            lineStart = newline + 1;
        }
        return lines;
    }

    /**
     * A signature names the person, maybe their job, then the organisation, then the address: a short line of words
     * between a short line of words and a street line (or a repeat of the name line) is the organisation (0.85). A
     * line that repeats an earlier one, or carries a middle initial, is the person again.
     */
    private void readOrganizationLine(String text, List<int[]> lines, int i, List<Finding> out) {
        if (i == 0 || i + 1 >= lines.size()) return;
        int[] l = lines.get(i), before = lines.get(i - 1), after = lines.get(i + 1);
        if (before[0] == before[1] || after[0] == after[1]) return;
        String line = text.substring(l[0], l[1]);
        if (!SIGNATURE_WORDS.matcher(line).matches() || INITIAL.matcher(line).find()) return;
        if (!SIGNATURE_WORDS.matcher(text.substring(before[0], before[1])).matches()) return;
        String next = text.substring(after[0], after[1]);
        for (int k = 0; k < i; k++) if (text.substring(lines.get(k)[0], lines.get(k)[1]).equals(line)) return;
        boolean addressNext = (STREET_LINE.matcher(next).lookingAt() && next.length() < 60) || next.toLowerCase(java.util.Locale.ROOT).startsWith("the corner of");
        boolean nameAgain = next.equals(text.substring(before[0], before[1]));
        if (addressNext || nameAgain) out.add(new Finding(EntityTypes.ORGANIZATION, l[0], l[1], 0.85));
    }

    /** Where a postal code ending the line starts (12345, 53-320, 340 12), with no letter, digit, '_' or '-' before it; else -1. */
    private static int trailingCodeStart(String line) {
        // a match is at most 6 chars and ends at the end, or before a final line break ("\r\n" at most): it starts in
        // the last 8 chars, so find() need not walk the whole line; the look-behind still sees what lies before
        Matcher code = ScanText.transparent(TRAILING_CODE, line).region(Math.max(0, line.length() - 8), line.length());
        return code.find() ? code.start() : -1;
    }

    /**
     * A line after a street: its trailing code is the postal code, part of the address after a country ("Finland 65100")
     * and a ZIP_CODE of its own otherwise ("53650" alone, "Aalborg NO 9100"); the words before it are the town (GPE
     * 0.8, above the capitalised-word guesses). Ordinary words count as a town only on the line above the code line
     * ("Mill Village" above "NS 12345"), where nothing else fits.
     */
    private void readPlaceLine(String line, int offset, String nextLine, List<Finding> out) {
        int placeEnd = line.length();
        int codeStart = trailingCodeStart(line);
        if (codeStart >= 0) {
            placeEnd = codeStart;
            while (placeEnd > 0 && line.charAt(placeEnd - 1) == ' ') placeEnd--;
            String before = line.substring(0, placeEnd).replaceAll("\\s*\\(.*\\)$", "");
            boolean country = !before.isEmpty() && (lexicons.places().contains(Lexicons.fold(before)) || lexicons.isNationality(before));
            out.add(new Finding(country ? EntityTypes.STREET_ADDRESS : EntityTypes.ZIP_CODE, offset + codeStart, offset + line.length(), 0.6));
        }
        if (placeEnd == 0 || !Character.isUpperCase(line.charAt(0))) return;
        String place = line.substring(0, placeEnd);
        if (!TOWN.matcher(place).matches()) return;
        boolean ordinary = true;
        for (String word : place.split(" ")) ordinary &= lexicons.isCommon(word);
        if (ordinary && codeStart < 0 && nextLine != null && trailingCodeStart(nextLine) >= 0) ordinary = false;
        if (!ordinary && !lexicons.isNationality(place)) out.add(new Finding(EntityTypes.GPE, offset, offset + placeEnd, 0.8));
    }
}
