package dev.gatehouse.router.tools;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.format.TextStyle;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Answers date questions exactly: days or weeks between two dates, the date some days or weeks before or after a
 * date, and the day of the week of a date. "Today" is the caller's date, an explicit input, so the answer is a pure
 * function of the question and that date.
 *
 * <p>A date without a year is read in the year the other date of the question names; with no year anywhere, or when
 * inferring one would put the start after the end, the question is ambiguous and a model gets it.
 */
public final class DateCalculator {
    public static final String NAME = "tool/datetime";

    private static final List<String> LEADS = List.of("can you tell me", "tell me", "what is", "what's", "whats");
    private static final String D = "(" + SpokenDate.PATTERN + ")";
    private static final Pattern BETWEEN = Pattern.compile(
            "how many (days|weeks) (?:are there |is it |are )?(?:from|between) " + D
                    + " (?:to|and|until|till) " + D);
    private static final Pattern SHIFTED = Pattern.compile(
            "(?:what (?:date|day) (?:is|will it be|was it|is it) |the date )?(\\d{1,5}) (days?|weeks?) (after|from|before) " + D);
    private static final Pattern WEEKDAY = Pattern.compile(
            "what day (?:of the week )?(?:is|was|will be|falls on|does) " + D + "(?: fall on| fall)?");

    private DateCalculator() {
    }

    public static Optional<ToolAnswer> answer(String prompt, LocalDate today) {
        if (prompt == null || prompt.length() > Calculator.MAX_PROMPT_CHARS) return Optional.empty();
        String q = QuestionText.normalise(prompt, LEADS);
        return between(q, today).or(() -> shifted(q, today)).or(() -> weekday(q, today));
    }

    private static Optional<ToolAnswer> between(String q, LocalDate today) {
        Matcher m = BETWEEN.matcher(q);
        if (!m.matches()) return Optional.empty();
        Optional<SpokenDate> first = SpokenDate.parse(m.group(2), today);
        Optional<SpokenDate> second = SpokenDate.parse(m.group(3), today);
        if (first.isEmpty() || second.isEmpty()) return Optional.empty();
        SpokenDate a = first.get();
        SpokenDate b = second.get();
        if (!a.hasYear() && !b.hasYear()) return Optional.empty();
        Optional<LocalDate> start = a.in(b.year());
        Optional<LocalDate> end = b.in(a.year());
        if (start.isEmpty() || end.isEmpty()) return Optional.empty();
        if ((!a.hasYear() || !b.hasYear()) && start.get().isAfter(end.get())) return Optional.empty();
        long days = ChronoUnit.DAYS.between(start.get(), end.get());
        String span = m.group(1).equals("weeks") ? weeks(days) : plural(days, "day");
        return Optional.of(new ToolAnswer(NAME, "From " + show(start.get()) + " to " + show(end.get()) + " is "
                + span + ".", "days between dates"));
    }

    private static Optional<ToolAnswer> shifted(String q, LocalDate today) {
        Matcher m = SHIFTED.matcher(q);
        if (!m.matches()) return Optional.empty();
        Optional<SpokenDate> from = SpokenDate.parse(m.group(4), today);
        if (from.isEmpty() || !from.get().hasYear()) return Optional.empty();
        LocalDate start = from.get().in(0).orElse(null);
        if (start == null) return Optional.empty();
        long amount = Long.parseLong(m.group(1));
        long days = m.group(2).startsWith("week") ? amount * 7 : amount;
        LocalDate result = m.group(3).equals("before") ? start.minusDays(days) : start.plusDays(days);
        return Optional.of(new ToolAnswer(NAME, plural(amount, m.group(2).startsWith("week") ? "week" : "day")
                + " " + (m.group(3).equals("before") ? "before " : "after ") + show(start) + " is "
                + weekday(result.getDayOfWeek()) + ", " + show(result) + ".", "date arithmetic"));
    }

    private static Optional<ToolAnswer> weekday(String q, LocalDate today) {
        Matcher m = WEEKDAY.matcher(q);
        if (!m.matches()) return Optional.empty();
        Optional<SpokenDate> date = SpokenDate.parse(m.group(1), today);
        if (date.isEmpty() || !date.get().hasYear()) return Optional.empty();
        return date.get().in(0).map(d -> new ToolAnswer(NAME, show(d) + " is a " + weekday(d.getDayOfWeek()) + ".",
                "day of the week"));
    }

    private static String show(LocalDate date) {
        return date.getDayOfMonth() + " " + date.getMonth().getDisplayName(TextStyle.FULL, Locale.ENGLISH) + " "
                + date.getYear();
    }

    private static String weekday(DayOfWeek day) {
        return day.getDisplayName(TextStyle.FULL, Locale.ENGLISH);
    }

    private static String weeks(long days) {
        long rest = Math.abs(days % 7);
        return plural(days / 7, "week") + (rest == 0 ? "" : " and " + plural(rest, "day"));
    }

    private static String plural(long n, String unit) {
        return n + " " + unit + (Math.abs(n) == 1 ? "" : "s");
    }
}
