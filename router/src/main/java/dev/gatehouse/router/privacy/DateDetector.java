package dev.gatehouse.router.privacy;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Dates and times (Presidio's DATE_TIME): numeric dates (2/8/1935, 2000-04-16 11:34:35, 16.04.2000), dates with
 * month names (5 January 1990, Jan 5th, 2001), weekdays, clock times, and four-digit years 1900-2099 after a temporal
 * cue ("in", "since", "of", "year" ...). A date after a birth cue ("born", "DOB", "date of birth", "birthday") becomes a
 * DATE_OF_BIRTH, which the data class rule treats as identifying.
 */
final class DateDetector implements Detector {
    private static final String MONTH = "(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
            + "sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\\.?";
    private static final String DAY = "(?:[12]\\d|3[01]|0?[1-9])(?:st|nd|rd|th)?";
    private static final String TIME = "(?:[01]?\\d|2[0-3]):[0-5]\\d(?::[0-5]\\d)?(?:\\s?[ap]\\.?m\\.?)?";
    private static final Pattern DATE = Pattern.compile("(?=[0-9adfjmnostw])(?<![\\w/.-])(?:"
            + "\\d{4}-\\d{1,2}-\\d{1,2}(?:[T ]" + TIME + ")?"
            + "|\\d{1,2}[/.-]\\d{1,2}[/.-](?:\\d{4}|\\d{2})(?:,?\\s" + TIME + ")?"
            + "|" + DAY + "\\s(?:of\\s)?" + MONTH + "(?:,?\\s\\d{4})?"
            + "|" + MONTH + "\\s" + DAY + "(?:,?\\s\\d{4})?"
            + "|" + MONTH + "\\s\\d{4}"
            + "|(?:mon|tues|wednes|thurs|fri|satur|sun)day"
            + "|" + TIME
            + "|(?:[1-9]|1[0-2])\\s?[ap]\\.?m\\b\\.?"
            + ")(?![\\w/-]|[.:]\\d)");
    private static final Pattern YEAR = Pattern.compile(
            "(?=[isofutbyadc])\\b(?:in|since|of|from|until|till|by|year|before|after|during|circa|born|around|class of)\\s((?:19|20)\\d{2})(?![\\w-]|[.,]\\d)");
    private static final Pattern BIRTH_CUE = Pattern.compile("\\b(?:born|dob|d\\.o\\.b|date of birth|birth ?date|birthday)\\b");

    @Override
    public void detect(ScanText scan, List<Finding> out) {
        String lower = scan.lower;
        // a date begins with a digit, a month or a weekday; a year with a cue word followed by 19.. or 20..
        ScanText.matches(DATE, lower, scan.alnumStarts, scan.alnumStartCount, s -> dateStart(lower, s), m -> {
            // "May" and "March" alone are words; a month name needs a day or year, which the pattern demands
            if (plausible(m.group())) out.add(new Finding(typeAt(lower, m.start()), m.start(), m.end(), 0.8));
        });
        ScanText.matches(YEAR, lower, scan.alnumStarts, scan.alnumStartCount, s -> wordBeforeYear(lower, s),
                m -> out.add(new Finding(typeAt(lower, m.start(1)), m.start(1), m.end(1), 0.6)));
    }

    private static final java.util.Set<String> DATE_WORD_STARTS = java.util.Set.of("jan", "feb", "mar", "apr", "may", "jun",
            "jul", "aug", "sep", "oct", "nov", "dec", "mon", "tue", "wed", "thu", "fri", "sat", "sun");

    private static boolean dateStart(String lower, int s) {
        char c = lower.charAt(s);
        if (c >= '0' && c <= '9') {
            // every numeric branch reads one or two digits before a separator, or four before "-": a longer number
            // (a phone group, a card, a postal code) cannot start a date. After one or two digits comes / . - :, a
            // day's st/nd/rd/th, am/pm, or a space before a month, "of", or am/pm
            int e = s + 1;
            while (e < lower.length() && lower.charAt(e) >= '0' && lower.charAt(e) <= '9') e++;
            if (e - s == 4) return e < lower.length() && lower.charAt(e) == '-';
            if (e - s > 2 || e >= lower.length()) return false;
            char next = lower.charAt(e);
            if ("/.-:snrtap".indexOf(next) >= 0) return true;
            return isSpace(next) && e + 1 < lower.length() && "jfmasondp".indexOf(lower.charAt(e + 1)) >= 0;
        }
        return s + 3 <= lower.length() && "adfjmnostw".indexOf(c) >= 0 && DATE_WORD_STARTS.contains(lower.substring(s, s + 3));
    }

    /** {@code \s} without UNICODE_CHARACTER_CLASS. */
    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r';
    }

    private static boolean wordBeforeYear(String lower, int s) {
        int e = s;
        while (e < lower.length() && lower.charAt(e) >= 'a' && lower.charAt(e) <= 'z') e++;
        return e > s && e + 1 < lower.length() && Character.isWhitespace(lower.charAt(e))
                && (lower.charAt(e + 1) == '1' || lower.charAt(e + 1) == '2');
    }

    /** Numeric day and month within range, so phone groups like 03.93.92 are not dates. */
    private static boolean plausible(String date) {
        String[] parts = date.split("[/.-]");
        if (parts.length < 3 || !parts[0].chars().allMatch(Character::isDigit) || parts[0].length() == 4) return true;
        try {
            int a = Integer.parseInt(parts[0]), b = Integer.parseInt(parts[1]);
            return a >= 1 && b >= 1 && a <= 31 && b <= 31 && (a <= 12 || b <= 12);
        } catch (NumberFormatException e) {
            return true;
        }
    }

    private static String typeAt(String text, int start) {
        String before = text.substring(Math.max(0, start - 40), start);
        return BIRTH_CUE.matcher(before).find() ? EntityTypes.DATE_OF_BIRTH : EntityTypes.DATE_TIME;
    }
}
