package dev.gatehouse.inference.template;

import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.util.Locale;

/** Python's {@code strftime} directives that date-stamping templates use, e.g. {@code "%d %b %Y"}. */
final class Strftime {

    private Strftime() {
    }

    static String format(ZonedDateTime t, String pattern) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c != '%' || i + 1 >= pattern.length()) {
                out.append(c);
                continue;
            }
            char d = pattern.charAt(++i);
            boolean unpadded = d == '-' && i + 1 < pattern.length();
            if (unpadded) {
                d = pattern.charAt(++i);
            }
            out.append(directive(t, d, unpadded));
        }
        return out.toString();
    }

    private static String directive(ZonedDateTime t, char d, boolean unpadded) {
        return switch (d) {
            case 'Y' -> Integer.toString(t.getYear());
            case 'y' -> two(t.getYear() % 100, unpadded);
            case 'm' -> two(t.getMonthValue(), unpadded);
            case 'd' -> two(t.getDayOfMonth(), unpadded);
            case 'e' -> String.format("%2d", t.getDayOfMonth());
            case 'H' -> two(t.getHour(), unpadded);
            case 'I' -> two(t.getHour() % 12 == 0 ? 12 : t.getHour() % 12, unpadded);
            case 'M' -> two(t.getMinute(), unpadded);
            case 'S' -> two(t.getSecond(), unpadded);
            case 'p' -> t.getHour() < 12 ? "AM" : "PM";
            case 'b', 'h' -> t.getMonth().getDisplayName(TextStyle.SHORT, Locale.ENGLISH);
            case 'B' -> t.getMonth().getDisplayName(TextStyle.FULL, Locale.ENGLISH);
            case 'a' -> t.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.ENGLISH);
            case 'A' -> t.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.ENGLISH);
            case 'j' -> unpadded ? Integer.toString(t.getDayOfYear()) : String.format("%03d", t.getDayOfYear());
            case 'Z' -> t.getZone().getDisplayName(TextStyle.SHORT, Locale.ENGLISH);
            case '%' -> "%";
            default -> throw new TemplateError("unsupported strftime directive '%" + d + "'");
        };
    }

    private static String two(int value, boolean unpadded) {
        return unpadded ? Integer.toString(value) : String.format("%02d", value);
    }
}
