package dev.gatehouse.inference.grammar;

import static dev.gatehouse.inference.grammar.SchemaKeywords.pointer;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.RoundingMode;

/** JSON numbers and integers, with minimum/maximum (inclusive or exclusive) where they can be enforced. */
final class NumberGrammar {
    /** One bound as the schema gives it; {@code keyword} is where it came from, for error messages. */
    record Bound(BigDecimal value, boolean exclusive, String keyword) {
    }

    private static final BigDecimal LIMIT = BigDecimal.valueOf(IntegerRange.LIMIT);

    private NumberGrammar() {
    }

    static String integer(JsonNode schema, String path, GrammarRules rules) {
        JsonNode multipleOf = schema.get("multipleOf");
        if (multipleOf != null && !(multipleOf.isNumber() && multipleOf.decimalValue().compareTo(BigDecimal.ONE) == 0)) {
            throw new UnsupportedSchemaException(pointer(path, "multipleOf"), "multipleOf",
                    "multipleOf other than 1 cannot be enforced by a grammar");
        }
        Bound lower = lower(schema, path);
        Bound upper = upper(schema, path);
        if (lower == null && upper == null) {
            return rules.shared(SharedRule.INTEGER);
        }
        BigDecimal low = lower == null ? LIMIT.negate() : lower.exclusive()
                ? lower.value().setScale(0, RoundingMode.FLOOR).add(BigDecimal.ONE)
                : lower.value().setScale(0, RoundingMode.CEILING);
        BigDecimal high = upper == null ? LIMIT : upper.exclusive()
                ? upper.value().setScale(0, RoundingMode.CEILING).subtract(BigDecimal.ONE)
                : upper.value().setScale(0, RoundingMode.FLOOR);
        if (low.compareTo(LIMIT) > 0 || high.compareTo(LIMIT.negate()) < 0) {
            Bound outside = low.compareTo(LIMIT) > 0 ? lower : upper;
            throw new UnsupportedSchemaException(pointer(path, outside.keyword()), outside.keyword(),
                    "integers are written with at most 16 digits; none of them satisfies "
                            + outside.keyword() + " " + outside.value());
        }
        if (low.compareTo(high) > 0) {
            throw unsatisfiable(lower, upper, path, "integer");
        }
        return IntegerRange.between(low.max(LIMIT.negate()).longValueExact(), high.min(LIMIT).longValueExact());
    }

    static String number(JsonNode schema, String path, GrammarRules rules) {
        if (schema.has("multipleOf")) {
            throw new UnsupportedSchemaException(pointer(path, "multipleOf"), "multipleOf",
                    "multipleOf cannot be enforced by a grammar for numbers");
        }
        Bound lower = lower(schema, path);
        Bound upper = upper(schema, path);
        if (lower == null && upper == null) {
            return rules.shared(SharedRule.NUMBER);
        }
        return DecimalRange.between(lower, upper, path);
    }

    static UnsupportedSchemaException unsatisfiable(Bound lower, Bound upper, String path, String what) {
        Bound blamed = lower != null ? lower : upper;
        String range = (lower == null ? "" : lower.keyword() + " " + lower.value().toPlainString())
                + (lower != null && upper != null ? " and " : "")
                + (upper == null ? "" : upper.keyword() + " " + upper.value().toPlainString());
        return new UnsupportedSchemaException(pointer(path, blamed.keyword()), blamed.keyword(),
                "no " + what + " written with at most 16 integer digits satisfies " + range);
    }

    /** minimum, exclusiveMinimum as a number (2019+) or as a boolean beside minimum (draft 4); the tighter wins. */
    static Bound lower(JsonNode schema, String path) {
        return bound(schema, path, "minimum", "exclusiveMinimum", 1);
    }

    static Bound upper(JsonNode schema, String path) {
        return bound(schema, path, "maximum", "exclusiveMaximum", -1);
    }

    /** @param tighter 1 when a larger value is the tighter bound (lower bounds), -1 for upper bounds */
    private static Bound bound(JsonNode schema, String path, String inclusiveKeyword, String exclusiveKeyword, int tighter) {
        JsonNode inclusive = schema.get(inclusiveKeyword);
        JsonNode exclusive = schema.get(exclusiveKeyword);
        requireNumber(inclusive, path, inclusiveKeyword);
        Bound result = inclusive == null ? null : new Bound(inclusive.decimalValue(), false, inclusiveKeyword);
        if (exclusive == null) {
            return result;
        }
        if (exclusive.isBoolean()) {
            return exclusive.booleanValue() && result != null
                    ? new Bound(result.value(), true, exclusiveKeyword) : result;
        }
        requireNumber(exclusive, path, exclusiveKeyword);
        Bound strict = new Bound(exclusive.decimalValue(), true, exclusiveKeyword);
        if (result == null) {
            return strict;
        }
        int order = strict.value().compareTo(result.value()) * tighter;
        return order >= 0 ? strict : result;
    }

    private static void requireNumber(JsonNode value, String path, String keyword) {
        if (value != null && !value.isNumber()) {
            throw new UnsupportedSchemaException(pointer(path, keyword), keyword, keyword + " must be a number, got " + value);
        }
    }
}
