package dev.gatehouse.router.privacy;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Postal codes. Bare numbers are too common to count alone, so: anything shaped like a postal code after a cue
 * ("ZIP", "zip code", "postal code", "postcode"), a 5-digit US ZIP after a state abbreviation (CA 94105), and the
 * letter-digit shapes that are postal codes and little else (UK SW1A 1AA, Canada K1A 0B1), and a 4- or 5-digit code
 * right after a place named after "in", "from" or "near" ("in Lauterbrunn 3822"; years are not codes).
 */
final class ZipCodeDetector implements Detector {
    private static final String CODE = "(?:\\d{2,5}(?:[ -]\\d{2,4})?(?:\\s[A-Z]{2}\\b)?|[A-Z]\\d[A-Z]\\s?\\d[A-Z]\\d|[A-Z]{1,2}\\d[A-Z\\d]?\\s?\\d[A-Z]{2})";
    private static final Pattern AFTER_CUE = Pattern.compile(
            "(?i)\\b(?:zip|zip\\s?code|zipcode|postal\\s?code|post\\s?code|postcode|plz|cep)\\b(?:\\s?(?:is|:|#|no\\.?|number)){0,4}\\s*"
                    + "(?-i:(" + CODE + "))(?![\\w-])");
    // two capitals and five digits, then the capitals are checked against the states: one cheap pattern instead of
    // an alternation of 51 literals tried at every position
    private static final Pattern AFTER_STATE = Pattern.compile("[A-Z](?<![\\w-][A-Z])[A-Z]\\s(\\d{5}(?:-\\d{4})?)(?![\\w-])");
    private static final java.util.Set<String> STATES = java.util.Set.of("AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "FL", "GA",
            "HI", "ID", "IL", "IN", "IA", "KS", "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ",
            "NM", "NY", "NC", "ND", "OH", "OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT", "VT", "VA", "WA", "WV", "WI", "WY",
            "DC");
    private static final Pattern LETTER_DIGIT = Pattern.compile(
            "(?=[A-Z])(?<![\\w-])([A-Z]{1,2}\\d[A-Z\\d]?\\s\\d[A-Z]{2}|[A-Z]\\d[A-Z]\\s\\d[A-Z]\\d)(?![\\w-])");

    /** "in Lauterbrunn 3822": a place after a place preposition, then a 4- or 5-digit code (years 1900-2099 excepted). */
    private static final Pattern AFTER_PLACE = Pattern.compile(
            "(?<=\\b(?:in|from|near) )\\p{Lu}[\\p{L}'’-]*+(?: (?:\\p{Lu}[\\p{L}'’-]*+|\\p{Ll}{1,3}(?= \\p{Lu}))){0,3} (\\d{4,5}|\\d{4}-\\d{3})(?![\\w-]|[.,]\\d)");

    @Override
    public void detect(ScanText scan, List<Finding> out) {
        String text = scan.text, lower = scan.lower;
        if (scan.digitStartCount > 0) {
            // the look-behind's words checked by hand first: most capitalised words follow none of them
            ScanText.matches(AFTER_PLACE, text, scan.alnumStarts, scan.alnumStartCount, s -> Character.isUpperCase(text.charAt(s))
                    && (text.startsWith("in ", s - 3) || text.startsWith("from ", s - 5) || text.startsWith("near ", s - 5)), m -> {
                String code = m.group(1);
                boolean year = code.length() == 4 && (code.startsWith("19") || code.startsWith("20"));
                if (!year) out.add(new Finding(EntityTypes.ZIP_CODE, m.start(1), m.end(1), 0.6));
            });
        }
        String search = scan.searchLower;
        if (search.contains("zip") || search.contains("post") || search.contains("plz") || search.contains("cep")) {
            ScanText.matches(AFTER_CUE, text, scan.alnumStarts, scan.alnumStartCount, s -> "zpc".indexOf(lower.charAt(s)) >= 0,
                    m -> out.add(new Finding(EntityTypes.ZIP_CODE, m.start(1), m.end(1), 0.8)));
        }
        // five digits after "XX ": the capitals are then checked against the states
        Matcher state = ScanText.transparent(AFTER_STATE, text);
        for (int k = 0; k < scan.digitStartCount; k++) {
            int s = scan.digitStarts[k] - 3;
            if (s < 0 || !Character.isUpperCase(text.charAt(s)) || !STATES.contains(text.substring(s, s + 2))) continue;
            if (ScanText.matchesAt(state, s)) out.add(new Finding(EntityTypes.ZIP_CODE, state.start(1), state.end(1), 0.8));
        }
        ScanText.matches(LETTER_DIGIT, text, scan.alnumStarts, scan.alnumStartCount,
                s -> Character.isUpperCase(text.charAt(s)) && (scan.isDigitAt(s + 1) || scan.isDigitAt(s + 2)),
                m -> out.add(new Finding(EntityTypes.ZIP_CODE, m.start(1), m.end(1), 0.6)));
    }
}
