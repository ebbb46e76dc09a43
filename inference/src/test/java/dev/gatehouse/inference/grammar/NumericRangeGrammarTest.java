package dev.gatehouse.inference.grammar;

import static dev.gatehouse.inference.grammar.SchemaGrammars.forSchema;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Property-style checks: range grammars agree with plain arithmetic over many bounds and candidates. */
class NumericRangeGrammarTest {
    @Test
    void integerRangesAcceptExactlyTheIntegersBetweenTheirBounds() {
        long[][] ranges = {{0, 0}, {0, 9}, {1, 10}, {7, 1234}, {-50, 50}, {-1234, -7}, {95, 105}, {100, 999},
                {-9, 0}, {19, 21}, {0, 150}, {3, 3000}};
        for (long[] range : ranges) {
            GbnfRecognizer grammar = forSchema("{\"type\":\"integer\",\"minimum\":" + range[0] + ",\"maximum\":" + range[1] + "}");
            for (long n = range[0] - 120; n <= range[1] + 120; n++) {
                boolean inside = n >= range[0] && n <= range[1];
                assertThat(grammar.accepts(Long.toString(n))).as("%d in [%d, %d]", n, range[0], range[1]).isEqualTo(inside);
            }
            assertThat(grammar.accepts("-0")).as("no negative zero").isFalse();
            assertThat(grammar.accepts("0" + range[1])).as("no leading zero").isEqualTo(false);
        }
    }

    @Test
    void halfOpenIntegerRangesReachTheDigitLimit() {
        GbnfRecognizer atLeast = forSchema("{\"type\":\"integer\",\"minimum\":18}");
        assertThat(atLeast.accepts("18")).isTrue();
        assertThat(atLeast.accepts("17")).isFalse();
        assertThat(atLeast.accepts("9999999999999999")).isTrue();
        GbnfRecognizer below = forSchema("{\"type\":\"integer\",\"exclusiveMaximum\":0}");
        assertThat(below.accepts("-1")).isTrue();
        assertThat(below.accepts("-9999999999999999")).isTrue();
        assertThat(below.accepts("0")).isFalse();
    }

    /** Accepted means in range; in range means accepted, except for the spelling "-0" of zero. */
    @Test
    void decimalRangesAgreeWithBigDecimalComparisonForRandomBoundsAndCandidates() {
        Random random = new Random(3);
        String[] bounds = {"0", "1", "-1", "0.5", "2.25", "-0.75", "10", "-10.5", "0.05", "99.9", "3"};
        List<String> candidates = candidates(random);
        for (int trial = 0; trial < 40; trial++) {
            String low = bounds[random.nextInt(bounds.length)];
            String high = bounds[random.nextInt(bounds.length)];
            boolean lowStrict = random.nextBoolean();
            boolean highStrict = random.nextBoolean();
            BigDecimal lo = new BigDecimal(low);
            BigDecimal hi = new BigDecimal(high);
            boolean empty = lo.compareTo(hi) > 0 || (lo.compareTo(hi) == 0 && (lowStrict || highStrict));
            if (empty) {
                continue;
            }
            String schema = "{\"type\":\"number\",\"" + (lowStrict ? "exclusiveMinimum" : "minimum") + "\":" + low
                    + ",\"" + (highStrict ? "exclusiveMaximum" : "maximum") + "\":" + high + "}";
            GbnfRecognizer grammar = forSchema(schema);
            for (String candidate : candidates) {
                BigDecimal value = new BigDecimal(candidate);
                boolean inside = (lowStrict ? value.compareTo(lo) > 0 : value.compareTo(lo) >= 0)
                        && (highStrict ? value.compareTo(hi) < 0 : value.compareTo(hi) <= 0);
                // zero has one spelling, without a minus sign, so "-0" is never offered to the model
                boolean negativeZero = candidate.startsWith("-") && value.signum() == 0;
                inside = inside && !negativeZero;
                assertThat(grammar.accepts(candidate)).as("%s against %s", candidate, schema).isEqualTo(inside);
            }
        }
    }

    /** Plain decimals near interesting points, with and without trailing zeros. */
    private static List<String> candidates(Random random) {
        List<String> out = new ArrayList<>(List.of("0", "-0", "0.0", "1", "1.0", "1.00", "0.5", "0.50", "0.49", "0.51",
                "2.25", "2.249", "2.2501", "-0.75", "-0.7500", "-0.751", "10", "10.0", "10.000001", "-10.5", "-10.49",
                "0.05", "0.049", "0.0500", "99.9", "99.91", "99.899", "3", "2.999", "3.001", "-1", "-1.0", "-0.999"));
        for (int i = 0; i < 60; i++) {
            BigDecimal value = BigDecimal.valueOf(random.nextInt(24001) - 12000, 3);
            out.add(value.toPlainString());
        }
        return out;
    }
}
