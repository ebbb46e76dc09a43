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
            "(?m)^[\\s>]*+(\\d{1,6}[A-Za-z]?(?:\\s\\d{1,6}[A-Za-z]?)?\\s(?:\\p{Lu}[\\p{L}'’.-]*+\\s){1,3}\\d{1,5}[A-Za-z]?\\.?)[ \\t]*+,?$");
    private static final Pattern STREET_LINE = Pattern.compile(
            "(?i)\\d{1,6}.*\\p{L}|(?:apt|suite|unit|box|flat)\\.?\\s*#?\\d");
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
        int linesAfterStreet = Integer.MAX_VALUE;
        int lineStart = 0;
        while (lineStart <= text.length()) {
            int newline = text.indexOf('\n', lineStart);
            int lineEnd = newline < 0 ? text.length() : newline;
            int start = lineStart, end = lineEnd;
            while (start < end && (Character.isWhitespace(text.charAt(start)) || text.charAt(start) == '>' || text.charAt(start) == ',')) start++;
            while (end > start && (Character.isWhitespace(text.charAt(end - 1)) || text.charAt(end - 1) == ',')) end--;
            if (start < end) {
                String line = text.substring(start, end);
                if (linesAfterStreet < 4) readPlaceLine(line, start, out);
                // saturating: before any street line the count stays "never" instead of wrapping round to negative
                linesAfterStreet = STREET_LINE.matcher(line).lookingAt() && line.length() < 60 ? 0
                        : linesAfterStreet == Integer.MAX_VALUE ? linesAfterStreet : linesAfterStreet + 1;
            }
            if (newline < 0) break;
            lineStart = newline + 1;
        }
    }

    /** Where a 4- to 6-digit number ending the line starts, with no letter, digit, '_' or '-' before it; else -1. */
    private static int trailingCodeStart(String line) {
        int i = line.length();
        while (i > 0 && line.charAt(i - 1) >= '0' && line.charAt(i - 1) <= '9') i--;
        int digits = line.length() - i;
        if (digits < 4 || digits > 6) return -1;
        if (i > 0) {
            char before = line.charAt(i - 1);
            if ((before >= 'a' && before <= 'z') || (before >= 'A' && before <= 'Z') || before == '_' || before == '-') return -1;
        }
        return i;
    }

    private void readPlaceLine(String line, int offset, List<Finding> out) {
        int placeEnd = line.length();
        int codeStart = trailingCodeStart(line);
        if (codeStart >= 0) {
            out.add(new Finding(EntityTypes.STREET_ADDRESS, offset + codeStart, offset + line.length(), 0.6));
            placeEnd = codeStart;
            while (placeEnd > 0 && line.charAt(placeEnd - 1) == ' ') placeEnd--;
        }
        if (placeEnd == 0 || !Character.isUpperCase(line.charAt(0))) return;
        String place = line.substring(0, placeEnd);
        if (!TOWN.matcher(place).matches()) return;
        boolean ordinary = true;
        for (String word : place.split(" ")) ordinary &= lexicons.isCommon(word);
        if (!ordinary && !lexicons.isNationality(place)) out.add(new Finding(EntityTypes.GPE, offset, offset + placeEnd, 0.6));
    }
}
