package dev.gatehouse.router.tools;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.List;
import java.util.Optional;

/**
 * Exact arithmetic over the tokens of one expression: {@code + - * / ^}, parentheses, unary minus and percentages
 * ({@code 17.5% of 2340}, {@code 200 + 15%} is not accepted: what it means depends on the reader). Every operation is
 * done in {@link BigDecimal}; a division that does not end is rounded to 20 significant digits.
 *
 * <p>A recursive descent over {@link ExpressionTokens}: {@code sum := product (('+'|'-') product)*},
 * {@code product := power (('*'|'/') power)*}, {@code power := unary ('^' power)?},
 * {@code unary := '-' unary | percent}, {@code percent := atom ('%' 'of' unary)?}, {@code atom := number | '(' sum ')'}.
 * Anything left over, a division by zero or an exponent that is not a small whole number means "not exact
 * arithmetic": empty, so the request goes to a model.
 */
final class ArithmeticExpression {
    static final MathContext PRECISION = new MathContext(20, RoundingMode.HALF_EVEN);
    private static final int MAX_EXPONENT = 64;

    /** The value, and whether it is exact (false when a division did not end and was rounded). */
    record Value(BigDecimal value, boolean exact) {
    }

    private final List<String> tokens;
    private int at;
    private boolean exact = true;

    private ArithmeticExpression(List<String> tokens) {
        this.tokens = tokens;
    }

    /** The value of the whole token list, or empty when it is not one well-formed expression. */
    static Optional<Value> evaluate(List<String> tokens) {
        if (tokens.isEmpty()) return Optional.empty();
        ArithmeticExpression parser = new ArithmeticExpression(tokens);
        try {
            BigDecimal value = parser.sum();
            return parser.at == tokens.size() ? Optional.of(new Value(value, parser.exact)) : Optional.empty();
        } catch (NotArithmetic | ArithmeticException e) {
            return Optional.empty();
        }
    }

    private BigDecimal sum() {
        BigDecimal value = product();
        while (peek("+") || peek("-")) {
            String op = tokens.get(at++);
            BigDecimal right = product();
            value = op.equals("+") ? value.add(right) : value.subtract(right);
        }
        return value;
    }

    private BigDecimal product() {
        BigDecimal value = power();
        while (peek("*") || peek("/")) {
            String op = tokens.get(at++);
            BigDecimal right = power();
            if (op.equals("*")) {
                value = value.multiply(right);
            } else {
                if (right.signum() == 0) throw new NotArithmetic();
                value = divide(value, right);
            }
        }
        return value;
    }

    private BigDecimal power() {
        BigDecimal base = unary();
        if (!peek("^")) return base;
        at++;
        BigDecimal exponent = power();
        int n;
        try {
            n = exponent.intValueExact();
        } catch (ArithmeticException e) {
            throw new NotArithmetic();
        }
        if (Math.abs(n) > MAX_EXPONENT) throw new NotArithmetic();
        if (n < 0) {
            if (base.signum() == 0) throw new NotArithmetic();
            return divide(BigDecimal.ONE, base.pow(-n));
        }
        return base.pow(n);
    }

    private BigDecimal unary() {
        if (peek("-")) {
            at++;
            return unary().negate();
        }
        return percent();
    }

    private BigDecimal percent() {
        BigDecimal value = atom();
        if (!peek("%")) return value;
        at++;
        if (!peek("of")) throw new NotArithmetic();
        at++;
        BigDecimal whole = unary();
        return value.multiply(whole).movePointLeft(2);
    }

    private BigDecimal divide(BigDecimal dividend, BigDecimal divisor) {
        try {
            return dividend.divide(divisor);
        } catch (ArithmeticException nonTerminating) {
            exact = false;
            return dividend.divide(divisor, PRECISION);
        }
    }

    private BigDecimal atom() {
        if (at >= tokens.size()) throw new NotArithmetic();
        String token = tokens.get(at++);
        if (token.equals("(")) {
            BigDecimal value = sum();
            if (!peek(")")) throw new NotArithmetic();
            at++;
            return value;
        }
        if (!ExpressionTokens.isNumber(token)) throw new NotArithmetic();
        return new BigDecimal(token);
    }

    private boolean peek(String token) {
        return at < tokens.size() && tokens.get(at).equals(token);
    }

    /** Control flow for "this is not an expression": caught in {@link #evaluate}, never escapes. */
    private static final class NotArithmetic extends RuntimeException {
        NotArithmetic() {
            super(null, null, false, false);
        }
    }
}
