package dev.gatehouse.router.pools;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the samples of a few metrics from the Prometheus text exposition format ({@code name{labels} value
 * [timestamp]} per line, {@code #} comments). Labels are skipped, quoted values and escapes included: a pool's
 * series are added up (one engine reports one series; Prometheus's {@code /federate} one per pod).
 */
final class PrometheusText {

    private PrometheusText() {}

    /** Every value of each wanted metric, in the order of the text; metrics not present are absent. */
    static Map<String, List<Double>> samples(String text, Set<String> wanted) {
        Map<String, List<Double>> out = new HashMap<>();
        int lineNo = 0;
        for (String line : text.split("\n", -1)) {
            lineNo++;
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#")) continue;
            int nameEnd = 0;
            while (nameEnd < l.length() && l.charAt(nameEnd) != '{' && !Character.isWhitespace(l.charAt(nameEnd))) {
                nameEnd++;
            }
            String name = l.substring(0, nameEnd);
            if (!wanted.contains(name)) continue;
            int rest = nameEnd < l.length() && l.charAt(nameEnd) == '{' ? afterLabels(l, nameEnd, lineNo) : nameEnd;
            String[] fields = l.substring(rest).strip().split("\\s+");
            out.computeIfAbsent(name, k -> new java.util.ArrayList<>()).add(value(fields[0], name, lineNo));
        }
        return out;
    }

    /** The index after the closing brace of the label set starting at {@code open}. */
    private static int afterLabels(String l, int open, int lineNo) {
        boolean quoted = false;
        for (int i = open + 1; i < l.length(); i++) {
            char c = l.charAt(i);
            if (quoted && c == '\\') {
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && c == '}') {
                return i + 1;
            }
        }
        throw new IllegalArgumentException("line " + lineNo + ": label set not closed");
    }

    private static double value(String text, String name, int lineNo) {
        return switch (text) {
            case "NaN" -> Double.NaN;
            case "+Inf", "Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> {
                try {
                    yield Double.parseDouble(text);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("line " + lineNo + ": " + name + " has no number but '"
                            + (text.length() > 40 ? text.substring(0, 40) + "…" : text) + "'");
                }
            }
        };
    }
}
