package dev.gatehouse.router.privacy;

import java.util.List;
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
            "\\b(?:call|calls|called|calling|phone|tel|telephone|mobile|cell|fax|whatsapp|text|sms|reach|dial|number|"
                    + "answering|contact|ring)\\b");

    @Override
    public void detect(ScanText scan, List<Finding> out) {
        String text = scan.text;
        byte[] digitsAhead = digitsAhead(text);
        ScanText.matches(CANDIDATE, text, starts(scan), scan.digitStartCount + plusOrParen(text), s -> digitsAhead[s] >= 7, m -> {
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
            else if ("+() .-#xetnsio\t\n\u000B\f\r".indexOf(c) >= 0) ahead[i] = ahead[i + 1];
        }
        return ahead;
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
