package dev.gatehouse.router.privacy;

import java.util.List;
import java.util.regex.Pattern;

/**
 * IBANs: a country code, two check digits and 11 to 30 letters or digits, spaces allowed, passing the mod-97 check.
 * Lower case is accepted when written without spaces (people type "gb82west..."); the check runs on it upper-cased.
 */
final class IbanDetector implements Detector {
    private static final Pattern CANDIDATE = Pattern.compile(
            "(?<![A-Za-z0-9])[A-Z]{2}\\d{2}(?: ?[A-Z0-9]){11,30}(?![A-Za-z0-9])|(?<![A-Za-z0-9])[a-z]{2}\\d{2}[a-z0-9]{11,30}+(?![A-Za-z0-9])");

    @Override
    public void detect(ScanText scan, List<Finding> out) {
        String text = scan.text;
        // two letters and two digits begin every IBAN: other words are not tried
        ScanText.matches(CANDIDATE, text, scan.alnumStarts, scan.alnumStartCount,
                s -> s + 4 < text.length() && scan.isDigitAt(s + 2) && scan.isDigitAt(s + 3), m -> {
            // a greedy run may swallow a following word; shorten from the right until the check passes
            String candidate = upperAscii(m.group());
            for (int end = candidate.length(); end >= 15; end--) {
                if (end < candidate.length() && candidate.charAt(end) != ' ') continue;
                String compact = candidate.substring(0, end).replace(" ", "");
                if (compact.length() >= 15 && compact.length() <= 34 && mod97Valid(compact)) {
                    out.add(new Finding(EntityTypes.IBAN_CODE, m.start(), m.start() + end, 0.95));
                    break;
                }
            }
        });
    }

    private static String upperAscii(String text) {
        char[] chars = text.toCharArray();
        for (int i = 0; i < chars.length; i++) if (chars[i] >= 'a' && chars[i] <= 'z') chars[i] -= 32;
        return new String(chars);
    }

    static boolean mod97Valid(String iban) {
        String rearranged = iban.substring(4) + iban.substring(0, 4);
        int remainder = 0;
        for (int i = 0; i < rearranged.length(); i++) {
            char c = rearranged.charAt(i);
            int value = Character.isDigit(c) ? c - '0' : c - 'A' + 10;
            remainder = value < 10 ? (remainder * 10 + value) % 97 : (remainder * 100 + value) % 97;
        }
        return remainder == 1;
    }
}
