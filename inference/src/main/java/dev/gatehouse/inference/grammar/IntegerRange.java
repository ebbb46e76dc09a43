package dev.gatehouse.inference.grammar;

import java.util.ArrayList;
import java.util.List;

/**
 * GBNF for the decimal integers between two bounds, written without leading zeros. Each digit length is handled on
 * its own; within a length the digits are fixed from the left, so the alternatives never overlap and the model is
 * never offered a digit that could only lead out of range.
 */
final class IntegerRange {
    /** Integers are written with at most 16 digits, like the unbounded {@code int-digits} rule. */
    static final long LIMIT = 9_999_999_999_999_999L;

    private IntegerRange() {
    }

    /** Integers in {@code [low, high]}; both within ±{@link #LIMIT} and {@code low <= high}. */
    static String between(long low, long high) {
        List<String> alternatives = new ArrayList<>();
        if (low < 0) {
            // "-0" is left out: zero is written once, by the non-negative branch
            long magnitudeLow = Math.max(1, -Math.min(high, -1));
            alternatives.add(GbnfText.sequence(GbnfText.literal("-"), magnitudes(magnitudeLow, -low)));
        }
        if (high >= 0) {
            alternatives.add(magnitudes(Math.max(low, 0), high));
        }
        return GbnfText.anyOf(alternatives);
    }

    /** Non-negative integers in {@code [low, high]}. */
    static String magnitudes(long low, long high) {
        List<String> alternatives = new ArrayList<>();
        int fullFrom = -1;
        int fullTo = -1;
        for (int length = digits(low); length <= digits(high); length++) {
            long first = length == 1 ? 0 : pow10(length - 1);
            long last = pow10(length) - 1;
            long from = Math.max(low, first);
            long to = Math.min(high, last);
            boolean full = length > 1 && from == first && to == last;
            if (full && fullFrom < 0) {
                fullFrom = length;
            }
            if (full) {
                fullTo = length;
                continue;
            }
            if (fullFrom > 0) {
                alternatives.add(fullLengths(fullFrom, fullTo));
                fullFrom = -1;
            }
            alternatives.add(sameLength(Long.toString(from), Long.toString(to)));
        }
        if (fullFrom > 0) {
            alternatives.add(fullLengths(fullFrom, fullTo));
        }
        return GbnfText.anyOf(alternatives);
    }

    /** Every integer with {@code from} to {@code to} digits. */
    private static String fullLengths(int from, int to) {
        return GbnfText.sequence("[1-9]", GbnfText.repeat("[0-9]", from - 1, to - 1));
    }

    /** Digit strings of one length between {@code low} and {@code high} inclusive. */
    private static String sameLength(String low, String high) {
        if (low.isEmpty()) {
            return "";
        }
        if (low.equals(high)) {
            return GbnfText.literal(low);
        }
        char lowFirst = low.charAt(0);
        char highFirst = high.charAt(0);
        String lowRest = low.substring(1);
        String highRest = high.substring(1);
        if (lowFirst == highFirst) {
            return GbnfText.sequence(GbnfText.literal(String.valueOf(lowFirst)), sameLength(lowRest, highRest));
        }
        int rest = low.length() - 1;
        boolean lowRestIsMin = lowRest.chars().allMatch(c -> c == '0');
        boolean highRestIsMax = highRest.chars().allMatch(c -> c == '9');
        List<String> alternatives = new ArrayList<>();
        if (!lowRestIsMin) {
            alternatives.add(GbnfText.sequence(GbnfText.literal(String.valueOf(lowFirst)),
                    sameLength(lowRest, "9".repeat(rest))));
        }
        char middleFrom = lowRestIsMin ? lowFirst : (char) (lowFirst + 1);
        char middleTo = highRestIsMax ? highFirst : (char) (highFirst - 1);
        if (middleFrom <= middleTo) {
            alternatives.add(GbnfText.sequence(digit(middleFrom, middleTo), GbnfText.repeat("[0-9]", rest, rest)));
        }
        if (!highRestIsMax) {
            alternatives.add(GbnfText.sequence(GbnfText.literal(String.valueOf(highFirst)),
                    sameLength("0".repeat(rest), highRest)));
        }
        return GbnfText.anyOf(alternatives);
    }

    private static String digit(char from, char to) {
        return from == to ? GbnfText.literal(String.valueOf(from)) : "[" + from + "-" + to + "]";
    }

    private static int digits(long value) {
        return Long.toString(value).length();
    }

    private static long pow10(int exponent) {
        long result = 1;
        for (int i = 0; i < exponent; i++) {
            result *= 10;
        }
        return result;
    }
}
