package dev.gatehouse.router.privacy;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Phone numbers, international (+CC, optional "(0)") and national (US and European groupings), with spaces, dots,
 * dashes or parentheses, and extensions (x123, ext. 123), and a label glued after ("082 490 1693-Office"). 7 to 15
 * digits, groups of up to 8 ("0393 1144137"), 7 to 11 when written without separators. A leading + or parenthesised area code, or a
 * phone cue before it ("call", "phone", "tel", "mobile", "fax", "reach me at", "number"), makes it 0.85; other
 * separated digit groups 0.5; ten bare digits 0.4. Dates, card numbers and IDs found by stronger detectors win where
 * spans overlap.
 */
final class PhoneDetector implements Detector {
    private static final Pattern CANDIDATE = Pattern.compile(
            "(?<![\\w+.-])(\\+\\d{1,3}[ .-]?)?(?:\\(0\\)[ .-]?)?(\\(\\d{1,4}\\)[ .-]?)?\\d{1,11}+(?:[ .-]\\d{1,8}+){0,5}+"
                    + "(?:\\s?(?:x|ext\\.?|extension|#)\\s?\\d{1,5})?(?!\\w|-(?!\\p{Lu}\\p{Ll})|[.,]\\d)");
    private static final Pattern CUE = Pattern.compile(
            "(?=[cptmfwsdr])\\b(?:call|calls|called|calling|phone|tel|telephone|mobile|cell|fax|whatsapp|text|sms|reach|dial|number|"
                    + "answering|contact|ring)\\b");

    @Override
    public void detect(ScanText scan, List<Finding> out) {
        // both ways to a finding need ASCII digits (CANDIDATE's \d, the cue's 5 to 15): prose without any is done here,
        // before the cue pattern is run over all of it
        if (scan.digitStartCount == 0) return;
        String text = scan.text;
        byte[] digitsAhead = digitsAhead(text);
        int[] starts = starts(scan);
        ScanText.matches(CANDIDATE, text, starts, starts.length, s -> digitsAhead[s] >= 7, m -> {
            String candidate = m.group();
            int digits = 0;
            for (int i = 0; i < candidate.length(); i++) if (Character.isDigit(candidate.charAt(i))) digits++;
            if (digits < 7 || digits > 15) return;
            boolean international = m.group(1) != null;
            boolean areaCode = m.group(2) != null;
            boolean separated = candidate.trim().chars().anyMatch(c -> c == ' ' || c == '-' || c == '.');
            if (!separated && !international && !areaCode && digits > 11) return; // a long bare run is an ID, not a phone
            String before = scan.lower.substring(Math.max(0, m.start() - 40), m.start());
            boolean cue = CUE.matcher(before).find();
            double confidence;
            if (international || areaCode || cue) confidence = 0.85;
            else if (separated) confidence = 0.5;
            else if (digits == 10) confidence = 0.4;
            else return;
            out.add(new Finding(EntityTypes.PHONE_NUMBER, m.start(), m.end(), confidence));
        });
        afterStrongCue(scan, out);
    }

    /** A word that says a number to dial follows; "number" alone does not ("the number 12345 is odd"). */
    private static final Pattern STRONG_CUE = Pattern.compile(
            "(?=[cptmfwsdr])\\b(?:call|calls|called|calling|phone|tel|telephone|mobile|cell|fax|whatsapp|sms|dial|ring|reach)\\b");
    private static final Set<String> FILLERS = Set.of("me", "us", "him", "her", "them", "at", "on", "is", "under", "my",
            "our", "his", "their", "number", "no", "nr", "to", "via", "back", "now", "today", "tonight", "anytime", "asap");
    /** The fewest digits a short local number has ("33 93 31"); below that a cue is followed by a count or a time. */
    private static final int CUED_MIN_DIGITS = 5;

    /**
     * Recall first: right after a strong cue and a few filler words ("call me on", "phone:"), a number in any grouping
     * of 5 to 15 digits is a phone number, however short or oddly grouped ("call 33 93 31").
     */
    private static void afterStrongCue(ScanText scan, List<Finding> out) {
        String lower = scan.lower;
        // a cue begins a word with one of these letters: tried at word starts only, not at every offset
        ScanText.matches(STRONG_CUE, lower, scan.alnumStarts, scan.alnumStartCount,
                s -> "cptmfwsdr".indexOf(lower.charAt(s)) >= 0, cue -> afterCue(lower, cue.end(), out));
    }

    /** A number of 5 to 15 digits after the cue that ends at {@code cueEnd} and its filler words, if there is one. */
    private static void afterCue(String lower, int cueEnd, List<Finding> out) {
        int i = skipFillers(lower, cueEnd);
        int start = i;
        int digits = 0;
        int end = i;
        while (i < lower.length() && i - start < 40) {
            char c = lower.charAt(i);
            if (c >= '0' && c <= '9') {
                digits++;
                end = i + 1;
            } else if (!(c == ' ' || c == '-' || c == '.' || c == '(' || c == ')' || c == '/' || (c == '+' && i == start))) {
                break;
            }
            i++;
        }
        if (start < lower.length() && (Character.isDigit(lower.charAt(start)) || lower.charAt(start) == '+' || lower.charAt(start) == '(')
                && digits >= CUED_MIN_DIGITS && digits <= 15 && (end >= lower.length() || !Character.isLetter(lower.charAt(end)))) {
            out.add(new Finding(EntityTypes.PHONE_NUMBER, start, end, 0.8));
        }
    }

    /** Past spaces, ':', '#', '-' and up to four filler words, at most 40 chars on. */
    private static int skipFillers(String lower, int from) {
        int i = from;
        int words = 0;
        while (i < lower.length() && i - from < 40) {
            char c = lower.charAt(i);
            if (c == ' ' || c == ':' || c == '#' || c == '-' || c == '\t' || c == '.') {
                i++;
                continue;
            }
            int e = i;
            while (e < lower.length() && lower.charAt(e) >= 'a' && lower.charAt(e) <= 'z') e++;
            if (e == i || words == 4 || !FILLERS.contains(lower.substring(i, e))) break;
            words++;
            i = e;
        }
        return i;
    }

    /**
     * For each offset, how many digits (up to 7) the run of chars a match is made of holds from there on: digits,
     * separators, parentheses, '+', '#' and the letters of "ext"/"extension". A match from {@code s} lies inside that run,
     * so with fewer than 7 the candidate would be dropped; every later start inside it reads a suffix of the same run
     * and has fewer still, so skipping it changes nothing the matches after it see.
     */
    private static byte[] digitsAhead(String text) {
        byte[] ahead = new byte[text.length() + 1];
        for (int i = text.length() - 1; i >= 0; i--) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') ahead[i] = (byte) Math.min(7, ahead[i + 1] + 1);
            else if (c < 128 && IN_NUMBER[c]) ahead[i] = ahead[i + 1];
        }
        return ahead;
    }

    /** The chars other than digits a number's run can hold (see {@link #digitsAhead}), by ASCII code. */
    private static final boolean[] IN_NUMBER = new boolean[128];

    static {
        for (char c : "+() .-#xetnsio\t\n\u000B\f\r".toCharArray()) IN_NUMBER[c] = true;
    }

    /** Where a number can begin: a digit run, a '+' or a '(' — in text order. */
    private static int[] starts(ScanText scan) {
        String text = scan.text;
        int[] starts = new int[scan.digitStartCount + plusOrParen(text)];
        int k = 0, d = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '+' || c == '(') starts[k++] = i;
            else if (d < scan.digitStartCount && scan.digitStarts[d] == i) starts[k++] = scan.digitStarts[d++];
        }
        return starts;
    }

    private static int plusOrParen(String text) {
        int count = 0;
        for (int i = 0; i < text.length(); i++) if (text.charAt(i) == '+' || text.charAt(i) == '(') count++;
        return count;
    }
}
