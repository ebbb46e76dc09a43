package dev.gatehouse.router.tools;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Answers arithmetic, percentage and unit-conversion questions exactly, and nothing else.
 *
 * <p>The whole request must be one such question: an optional lead ("what is", "calculate"...), the expression,
 * an optional "please" and final punctuation. One word the calculator does not understand ("what is 17% of the
 * population of France?") and it declines, so a model answers. Precision comes before reach: a tool that answers a
 * question it half understood is worse than no tool.
 */
public final class Calculator {
    public static final String NAME = "tool/calculator";
    /** Longer texts are not calculator questions: a real one fits on a line. */
    static final int MAX_PROMPT_CHARS = 200;

    private static final List<String> LEADS = List.of("can you calculate", "could you calculate", "please calculate",
            "can you compute", "could you compute", "how much is", "what is", "what's", "whats", "calculate",
            "compute", "evaluate", "work out");
    private static final Set<String> OPERATORS = Set.of("+", "-", "*", "/", "^", "%");
    private static final String NUM = "(-?\\d[\\d,]*(?:\\.\\d+)?|-?\\.\\d+)";
    private static final Pattern PERCENT_OF_WHAT = Pattern.compile(
            "(?:what|which) (?:percent|percentage) of " + NUM + " is " + NUM);
    private static final Pattern IS_WHAT_PERCENT = Pattern.compile(NUM + " is what (?:percent|percentage) of " + NUM);
    private static final Pattern CONVERT = Pattern.compile(
            "(?:convert )?" + NUM + " ?([a-z° ]+?) (?:to|in|into) ([a-z° ]+)");
    private static final Pattern HOW_MANY = Pattern.compile(
            "how many ([a-z° ]+?) (?:are )?(?:in|is|make) " + NUM + " ?([a-z° ]+)");
    private static final MathContext SHOWN = new MathContext(12, RoundingMode.HALF_EVEN);

    private Calculator() {
    }

    public static Optional<ToolAnswer> answer(String prompt) {
        if (prompt == null || prompt.length() > MAX_PROMPT_CHARS) return Optional.empty();
        String question = QuestionText.normalise(prompt, LEADS);
        if (question.isEmpty()) return Optional.empty();
        return percentOfWhat(question)
                .or(() -> conversion(question))
                .or(() -> expression(question));
    }

    private static Optional<ToolAnswer> percentOfWhat(String q) {
        Matcher m = PERCENT_OF_WHAT.matcher(q);
        BigDecimal part;
        BigDecimal whole;
        if (m.matches()) {
            whole = number(m.group(1));
            part = number(m.group(2));
        } else if ((m = IS_WHAT_PERCENT.matcher(q)).matches()) {
            part = number(m.group(1));
            whole = number(m.group(2));
        } else {
            return Optional.empty();
        }
        if (part == null || whole == null || whole.signum() == 0) return Optional.empty();
        ArithmeticExpression.Value share = ArithmeticExpression.evaluate(
                List.of(part.toPlainString(), "*", "100", "/", whole.toPlainString())).orElseThrow();
        return Optional.of(new ToolAnswer(NAME, show(part) + " is " + show(share) + "% of " + show(whole) + ".",
                "percentage"));
    }

    private static Optional<ToolAnswer> conversion(String q) {
        Matcher m = CONVERT.matcher(q);
        String amount;
        String from;
        String to;
        if (m.matches()) {
            amount = m.group(1);
            from = m.group(2).strip();
            to = m.group(3).strip();
        } else if ((m = HOW_MANY.matcher(q)).matches()) {
            to = m.group(1).strip();
            amount = m.group(2);
            from = m.group(3).strip();
        } else {
            return Optional.empty();
        }
        BigDecimal value = number(amount);
        Optional<Unit> source = Unit.named(from);
        Optional<Unit> target = Unit.named(to);
        if (value == null || source.isEmpty() || target.isEmpty() || source.get() == target.get()
                || source.get().dimension != target.get().dimension) {
            return Optional.empty();
        }
        BigDecimal converted = source.get().convert(value, target.get()).stripTrailingZeros();
        String shown = converted.precision() > SHOWN.getPrecision() ? "≈ " + show(converted.round(SHOWN))
                : show(converted);
        return Optional.of(new ToolAnswer(NAME, show(value) + " " + source.get().displayName() + " = " + shown + " "
                + target.get().displayName() + ".", "unit conversion"));
    }

    private static Optional<ToolAnswer> expression(String q) {
        Optional<List<String>> tokens = ExpressionTokens.of(q);
        if (tokens.isEmpty() || tokens.get().stream().noneMatch(OPERATORS::contains)) return Optional.empty();
        return ArithmeticExpression.evaluate(tokens.get()).map(value -> new ToolAnswer(NAME,
                String.join(" ", tokens.get()) + " = " + show(value), "arithmetic"));
    }

    private static BigDecimal number(String text) {
        String digits = text.replace(",", "");
        List<String> tokens = ExpressionTokens.of(text.startsWith("-") ? text.substring(1) : text).orElse(List.of());
        if (tokens.size() != 1 || !ExpressionTokens.isNumber(tokens.getFirst())) return null;
        return new BigDecimal(digits);
    }

    private static String show(ArithmeticExpression.Value value) {
        return value.exact() ? show(value.value()) : "≈ " + show(value.value().round(SHOWN));
    }

    private static String show(BigDecimal value) {
        BigDecimal plain = value.stripTrailingZeros();
        return (plain.scale() < 0 ? plain.setScale(0) : plain).toPlainString();
    }
}
