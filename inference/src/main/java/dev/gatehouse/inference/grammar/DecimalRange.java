package dev.gatehouse.inference.grammar;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * GBNF for JSON numbers between two bounds (each inclusive or exclusive, either may be absent). Numbers in a range
 * are written in plain decimal form, without exponent: every document accepted is in range, and the model still
 * has a spelling for every value it could mean. The integer part is split like {@link IntegerRange}; the fraction is
 * constrained digit by digit only where the integer part equals a bound's integer part.
 */
final class DecimalRange {
    private static final String ANY_FRACTION = "( \".\" [0-9]{1,16} )?";
    private static final String MORE_DIGITS = "[0-9]{0,15}";
    private static final BigDecimal LIMIT = BigDecimal.valueOf(IntegerRange.LIMIT);

    /** A non-negative magnitude bound. */
    private record Edge(BigDecimal value, boolean strict) {
        long integerPart() {
            return value.setScale(0, RoundingMode.FLOOR).longValueExact();
        }

        /** Fraction digits without trailing zeros: "" for a whole number. */
        String fractionDigits() {
            String plain = value.subtract(value.setScale(0, RoundingMode.FLOOR)).stripTrailingZeros().toPlainString();
            return plain.equals("0") ? "" : plain.substring(2);
        }
    }

    private DecimalRange() {
    }

    static String between(NumberGrammar.Bound lower, NumberGrammar.Bound upper, String path) {
        if (lower != null && lower.value().compareTo(LIMIT) > 0) {
            throw new UnsupportedSchemaException(SchemaKeywords.pointer(path, lower.keyword()), lower.keyword(),
                    "numbers are written with at most 16 integer digits; none of them satisfies "
                            + lower.keyword() + " " + lower.value().toPlainString());
        }
        List<String> alternatives = new ArrayList<>();
        if (lower == null || lower.value().signum() < 0) {
            // v < 0 written as "-" and its magnitude; zero itself belongs to the non-negative branch
            Edge smallest = upper != null && upper.value().signum() < 0
                    ? new Edge(upper.value().negate(), upper.exclusive()) : new Edge(BigDecimal.ZERO, true);
            Edge largest = lower == null ? null : new Edge(lower.value().negate(), lower.exclusive());
            String magnitudes = magnitudes(smallest, largest);
            if (magnitudes != null) {
                alternatives.add(GbnfText.sequence(GbnfText.literal("-"), magnitudes));
            }
        }
        if (upper == null || upper.value().signum() >= 0) {
            Edge smallest = lower == null || lower.value().signum() < 0
                    ? new Edge(BigDecimal.ZERO, false) : new Edge(lower.value(), lower.exclusive());
            Edge largest = upper == null ? null : new Edge(upper.value(), upper.exclusive());
            String magnitudes = magnitudes(smallest, largest);
            if (magnitudes != null) {
                alternatives.add(magnitudes);
            }
        }
        if (alternatives.isEmpty()) {
            throw NumberGrammar.unsatisfiable(lower, upper, path, "number");
        }
        return GbnfText.anyOf(alternatives);
    }

    /** Plain decimals between two non-negative edges ({@code high == null}: no upper edge); null when none. */
    private static String magnitudes(Edge low, Edge high) {
        if (low.value().compareTo(LIMIT) > 0) {
            return null;
        }
        if (high != null && high.value().compareTo(LIMIT) > 0) {
            high = null;
        }
        if (high != null && low.value().compareTo(high.value()) > 0) {
            return null;
        }
        long lowInteger = low.integerPart();
        List<String> alternatives = new ArrayList<>();
        if (high != null && high.integerPart() == lowInteger) {
            add(alternatives, lowInteger, fraction(low.fractionDigits(), low.strict(), high.fractionDigits(), high.strict()));
            return alternatives.isEmpty() ? null : GbnfText.anyOf(alternatives);
        }
        add(alternatives, lowInteger, fraction(low.fractionDigits(), low.strict(), null, false));
        long middleTo = high == null ? IntegerRange.LIMIT : high.integerPart() - 1;
        if (lowInteger + 1 <= middleTo) {
            alternatives.add(GbnfText.sequence(IntegerRange.magnitudes(lowInteger + 1, middleTo), ANY_FRACTION));
        }
        if (high != null) {
            add(alternatives, high.integerPart(), fraction("", false, high.fractionDigits(), high.strict()));
        }
        return alternatives.isEmpty() ? null : GbnfText.anyOf(alternatives);
    }

    private static void add(List<String> alternatives, long integerPart, String fraction) {
        if (fraction != null) {
            alternatives.add(GbnfText.sequence(GbnfText.literal(Long.toString(integerPart)), fraction));
        }
    }

    /**
     * The optional ".digits" part whose value 0.D lies between 0.low and 0.high ({@code high == null}: below 1);
     * null when no fraction fits. Bounds are digit strings without trailing zeros.
     */
    private static String fraction(String low, boolean lowStrict, String high, boolean highStrict) {
        String digits = digits(low, lowStrict, high, highStrict);
        boolean zeroFits = zeroFits(low, lowStrict, high, highStrict);
        if (digits == null) {
            return zeroFits ? "" : null;
        }
        String part = GbnfText.sequence(GbnfText.literal("."), digits);
        return zeroFits ? "( " + part + " )?" : part;
    }

    private static boolean zeroFits(String low, boolean lowStrict, String high, boolean highStrict) {
        return low.isEmpty() && !lowStrict && (high == null || !high.isEmpty() || !highStrict);
    }

    /** Non-empty digit strings D with 0.low <(=) 0.D <(=) 0.high; null when there are none. */
    private static String digits(String low, boolean lowStrict, String high, boolean highStrict) {
        if (low.isEmpty() && high == null) {
            return lowStrict ? "[0]{0,15} [1-9] " + MORE_DIGITS : "[0-9]{1,16}";
        }
        if (low.isEmpty() && high.isEmpty()) {
            return lowStrict || highStrict ? null : "[0]{1,16}";
        }
        int lowFirst = low.isEmpty() ? 0 : low.charAt(0) - '0';
        int highFirst = high == null ? 10 : high.isEmpty() ? 0 : high.charAt(0) - '0';
        String lowRest = low.isEmpty() ? "" : low.substring(1);
        String highRest = high == null ? null : high.isEmpty() ? "" : high.substring(1);
        List<String> alternatives = new ArrayList<>();
        if (lowFirst == highFirst) {
            addDigit(alternatives, lowFirst, rest(lowRest, lowStrict, highRest, highStrict));
            return alternatives.isEmpty() ? null : GbnfText.anyOf(alternatives);
        }
        addDigit(alternatives, lowFirst, rest(lowRest, lowStrict, null, false));
        if (lowFirst + 1 <= highFirst - 1) {
            String first = lowFirst + 1 == highFirst - 1 ? GbnfText.literal(String.valueOf(lowFirst + 1))
                    : "[" + (lowFirst + 1) + "-" + (highFirst - 1) + "]";
            alternatives.add(GbnfText.sequence(first, MORE_DIGITS));
        }
        if (high != null) {
            addDigit(alternatives, highFirst, rest("", false, highRest, highStrict));
        }
        return alternatives.isEmpty() ? null : GbnfText.anyOf(alternatives);
    }

    /** Possibly empty digit strings after a fixed digit; null when none. */
    private static String rest(String low, boolean lowStrict, String high, boolean highStrict) {
        String digits = digits(low, lowStrict, high, highStrict);
        boolean emptyFits = zeroFits(low, lowStrict, high, highStrict);
        if (digits == null) {
            return emptyFits ? "" : null;
        }
        return emptyFits ? "( " + digits + " )?" : digits;
    }

    private static void addDigit(List<String> alternatives, int digit, String rest) {
        if (rest != null) {
            alternatives.add(GbnfText.sequence(GbnfText.literal(String.valueOf(digit)), rest));
        }
    }
}
