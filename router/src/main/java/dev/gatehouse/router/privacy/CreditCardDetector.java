package dev.gatehouse.router.privacy;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Payment card numbers: 13 to 19 digits, optionally grouped by spaces or dashes, passing the Luhn check (0.95).
 * A Luhn-invalid number written in the 4-4-4-4 card layout is still reported, at 0.4: recall comes first, and a
 * mistyped or partly masked card number in that layout is still a card number a person meant; ungrouped Luhn-invalid
 * digit runs are order numbers and the like, and are not reported. Maestro cards run as short as 12 digits; a 12-digit
 * Luhn-valid number counts where "card" comes shortly before it (0.85), since alone it is as likely an order number.
 */
final class CreditCardDetector implements Detector {
    private static final Pattern CANDIDATE = Pattern.compile("(?<![\\w-])\\d(?:[ -]?\\d){12,18}+(?![\\w-]|[.,]\\d)");
    private static final Pattern SHORT_AFTER_CUE = Pattern.compile("card\\b[^\\d\\n]{0,30}?(?<![\\w-])(\\d{12})(?![\\w-]|[.,]\\d)");
    private static final Pattern FOUR_BY_FOUR = Pattern.compile("\\d{4}([ -])\\d{4}\\1\\d{4}\\1\\d{4}");

    @Override
    public void detect(ScanText scan, List<Finding> out) {
        String text = scan.text;
        ScanText.matches(CANDIDATE, text, scan.digitStarts, scan.digitStartCount, s -> true, m -> {
            String candidate = m.group();
            String digits = candidate.replaceAll("[ -]", "");
            if (digits.length() < 13 || digits.length() > 19) return;
            if (luhnValid(digits)) {
                out.add(new Finding(EntityTypes.CREDIT_CARD, m.start(), m.end(), 0.95));
            } else if (FOUR_BY_FOUR.matcher(candidate).matches()) {
                out.add(new Finding(EntityTypes.CREDIT_CARD, m.start(), m.end(), 0.4));
            }
        });
        if (!scan.searchLower.contains("card")) return;
        Matcher shortCard = SHORT_AFTER_CUE.matcher(scan.lower);
        while (shortCard.find()) {
            if (luhnValid(shortCard.group(1))) out.add(new Finding(EntityTypes.CREDIT_CARD, shortCard.start(1), shortCard.end(1), 0.85));
        }
    }

    static boolean luhnValid(String digits) {
        int sum = 0;
        boolean doubleIt = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int d = digits.charAt(i) - '0';
            if (doubleIt) {
                d *= 2;
                if (d > 9) d -= 9;
            }
            sum += d;
            doubleIt = !doubleIt;
        }
        return sum % 10 == 0;
    }
}
