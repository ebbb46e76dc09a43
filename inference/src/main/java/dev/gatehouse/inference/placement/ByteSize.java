package dev.gatehouse.inference.placement;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** An amount of memory, written the way people read it ("12.1 GiB") and parsed the way they type it ("80GiB"). */
public record ByteSize(long bytes) {
    private static final Pattern TEXT = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(B|KiB|MiB|GiB|TiB|KB|MB|GB|TB|K|M|G|T)?",
            Pattern.CASE_INSENSITIVE);
    private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB"};

    public static final long MIB = 1L << 20;
    public static final long GIB = 1L << 30;

    public static ByteSize gib(double gib) {
        return new ByteSize((long) (gib * GIB));
    }

    /**
     * "80GiB", "24 GiB", "512MiB", "1.5T": binary units; the decimal spellings (GB, MB) are read as binary too, since
     * that is what people mean when they size GPUs and RAM.
     *
     * @throws IllegalArgumentException naming the accepted forms
     */
    public static ByteSize parse(String text) {
        Matcher m = TEXT.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a size, expected e.g. 80GiB, 512MiB or 1.5TiB");
        }
        double n = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "B" : m.group(2).toUpperCase(Locale.ROOT);
        int power = switch (unit.charAt(0)) {
            case 'K' -> 1;
            case 'M' -> 2;
            case 'G' -> 3;
            case 'T' -> 4;
            default -> 0;
        };
        return new ByteSize((long) (n * Math.pow(1024, power)));
    }

    /** One decimal in the largest unit that keeps the number at least 1: "12.1 GiB", "640.0 MiB". */
    @Override
    public String toString() {
        double value = Math.abs(bytes);
        int unit = 0;
        while (value >= 1024 && unit < UNITS.length - 1) {
            value /= 1024;
            unit++;
        }
        return (bytes < 0 ? "-" : "") + String.format(Locale.ROOT, "%.1f %s", value, UNITS[unit]);
    }

    public static String format(long bytes) {
        return new ByteSize(bytes).toString();
    }
}
