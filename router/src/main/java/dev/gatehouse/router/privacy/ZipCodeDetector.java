package dev.gatehouse.router.privacy;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Postal codes. Bare numbers are too common to count alone, so: anything shaped like a postal code after a cue
 * ("ZIP", "zip code", "postal code", "postcode"), a 5-digit US ZIP after a state abbreviation (CA 94105), and the
 * letter-digit shapes that are postal codes and little else (UK SW1A 1AA, Canada K1A 0B1).
 */
final class ZipCodeDetector implements Detector {
    private static final String CODE = "(?:\\d{2,5}(?:[ -]\\d{2,4})?(?:\\s[A-Z]{2}\\b)?|[A-Z]\\d[A-Z]\\s?\\d[A-Z]\\d|[A-Z]{1,2}\\d[A-Z\\d]?\\s?\\d[A-Z]{2})";
    private static final Pattern AFTER_CUE = Pattern.compile(
            "(?i)\\b(?:zip|zip\\s?code|zipcode|postal\\s?code|post\\s?code|postcode|plz|cep)\\b(?:\\s?(?:is|:|#|no\\.?|number))*\\s*"
                    + "(?-i:(" + CODE + "))(?![\\w-])");
    private static final Pattern AFTER_STATE = Pattern.compile("\\b(?:AL|AK|AZ|AR|CA|CO|CT|DE|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|"
            + "MI|MN|MS|MO|MT|NE|NV|NH|NJ|NM|NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY|DC)\\s(\\d{5}(?:-\\d{4})?)\\b");
    private static final Pattern LETTER_DIGIT = Pattern.compile(
            "(?<![\\w-])([A-Z]{1,2}\\d[A-Z\\d]?\\s\\d[A-Z]{2}|[A-Z]\\d[A-Z]\\s\\d[A-Z]\\d)(?![\\w-])");

    @Override
    public void detect(String text, List<Finding> out) {
        String lower = Detector.lowerAscii(text);
        if (lower.contains("zip") || lower.contains("post") || lower.contains("plz") || lower.contains("cep")) {
            add(text, AFTER_CUE, 0.8, out);
        }
        add(text, AFTER_STATE, 0.8, out);
        add(text, LETTER_DIGIT, 0.6, out);
    }

    private static void add(String text, Pattern pattern, double confidence, List<Finding> out) {
        Matcher m = pattern.matcher(text);
        while (m.find()) out.add(new Finding(EntityTypes.ZIP_CODE, m.start(1), m.end(1), confidence));
    }
}
