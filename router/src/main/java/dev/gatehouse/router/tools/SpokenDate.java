package dev.gatehouse.router.tools;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.Month;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A calendar date as people write it in a question: {@code 3 March 2027}, {@code March 3rd, 2027}, {@code 2027-03-03},
 * {@code today}. Purely numeric day/month forms other than ISO ({@code 03/04/2027}) are refused: whether that is
 * March or April depends on the writer. The year may be missing; whoever reads the date decides whether it can be
 * inferred or the question is ambiguous.
 *
 * @param day   day of month
 * @param month month
 * @param year  the year, or 0 when the text gave none
 */
record SpokenDate(int day, Month month, int year) {
    static final String PATTERN = "(?:today|tomorrow|yesterday|\\d{4}-\\d{2}-\\d{2}"
            + "|\\d{1,2}(?:st|nd|rd|th)? (?:of )?[a-z]+,?(?: \\d{4})?|[a-z]+ \\d{1,2}(?:st|nd|rd|th)?,?(?: \\d{4})?)";
    private static final Pattern ISO = Pattern.compile("(\\d{4})-(\\d{2})-(\\d{2})");
    private static final Pattern DAY_FIRST = Pattern.compile("(\\d{1,2})(?:st|nd|rd|th)? (?:of )?([a-z]+),?(?: (\\d{4}))?");
    private static final Pattern MONTH_FIRST = Pattern.compile("([a-z]+) (\\d{1,2})(?:st|nd|rd|th)?,?(?: (\\d{4}))?");

    boolean hasYear() {
        return year != 0;
    }

    /** The date in {@code year} (which must be given when the text had none); empty for 30 February and the like. */
    Optional<LocalDate> in(int yearIfMissing) {
        try {
            return Optional.of(LocalDate.of(hasYear() ? year : yearIfMissing, month, day));
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }

    static Optional<SpokenDate> parse(String text, LocalDate today) {
        String t = text.strip();
        switch (t) {
            case "today" -> { return Optional.of(of(today)); }
            case "tomorrow" -> { return Optional.of(of(today.plusDays(1))); }
            case "yesterday" -> { return Optional.of(of(today.minusDays(1))); }
            default -> { }
        }
        Matcher m = ISO.matcher(t);
        if (m.matches()) {
            try {
                return Optional.of(of(LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                        Integer.parseInt(m.group(3)))));
            } catch (DateTimeException e) {
                return Optional.empty();
            }
        }
        if ((m = DAY_FIRST.matcher(t)).matches()) return date(m.group(1), m.group(2), m.group(3));
        if ((m = MONTH_FIRST.matcher(t)).matches()) return date(m.group(2), m.group(1), m.group(3));
        return Optional.empty();
    }

    private static SpokenDate of(LocalDate date) {
        return new SpokenDate(date.getDayOfMonth(), date.getMonth(), date.getYear());
    }

    private static Optional<SpokenDate> date(String day, String monthName, String year) {
        Optional<Month> month = month(monthName);
        int d = Integer.parseInt(day);
        if (month.isEmpty() || d < 1 || d > month.get().maxLength()) return Optional.empty();
        return Optional.of(new SpokenDate(d, month.get(), year == null ? 0 : Integer.parseInt(year)));
    }

    private static Optional<Month> month(String name) {
        for (Month month : Month.values()) {
            String full = month.name().toLowerCase(Locale.ROOT);
            if (name.equals(full) || name.equals(full.substring(0, 3))
                    || name.equals("sept") && month == Month.SEPTEMBER) {
                return Optional.of(month);
            }
        }
        return Optional.empty();
    }
}
