package dev.gatehouse.router.privacy;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Phone numbers, international (+CC, optional "(0)") and national (US and European groupings), with spaces, dots,
 * dashes or parentheses, and extensions (x123, ext. 123). 7 to 15 digits. A leading + or parenthesised area code, or a
 * phone cue before it ("call", "phone", "tel", "mobile", "fax", "reach me at", "number"), makes it 0.85; other
 * separated digit groups 0.5; ten bare digits 0.4. Dates, card numbers and IDs found by stronger detectors win where
 * spans overlap.
 */
final class PhoneDetector implements Detector {
    private static final Pattern CANDIDATE = Pattern.compile(
            "(?<![\\w+.-])(\\+\\d{1,3}[ .-]?)?(?:\\(0\\)[ .-]?)?(\\(\\d{1,4}\\)[ .-]?)?\\d{1,5}+(?:[ .-]\\d{1,5}+){0,5}+"
                    + "(?:\\s?(?:x|ext\\.?|extension|#)\\s?\\d{1,5})?(?![\\w-]|[.,]\\d)");
    private static final Pattern CUE = Pattern.compile(
            "\\b(?:call|calls|called|calling|phone|tel|telephone|mobile|cell|fax|whatsapp|text|sms|reach|dial|number|"
                    + "answering|contact|ring)\\b");

    @Override
    public void detect(String text, List<Finding> out) {
        Matcher m = CANDIDATE.matcher(text);
        while (m.find()) {
            String candidate = m.group();
            int digits = 0;
            for (int i = 0; i < candidate.length(); i++) if (Character.isDigit(candidate.charAt(i))) digits++;
            if (digits < 7 || digits > 15) continue;
            boolean international = m.group(1) != null;
            boolean areaCode = m.group(2) != null;
            boolean separated = candidate.trim().chars().anyMatch(c -> c == ' ' || c == '-' || c == '.');
            String before = text.substring(Math.max(0, m.start() - 40), m.start()).toLowerCase(Locale.ROOT);
            boolean cue = CUE.matcher(before).find();
            double confidence;
            if (international || areaCode || cue) confidence = 0.85;
            else if (separated) confidence = 0.5;
            else if (digits == 10) confidence = 0.4;
            else continue;
            out.add(new Finding(EntityTypes.PHONE_NUMBER, m.start(), m.end(), confidence));
        }
    }
}
