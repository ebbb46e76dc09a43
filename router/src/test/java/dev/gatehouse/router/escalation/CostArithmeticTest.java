package dev.gatehouse.router.escalation;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.RoundingMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/**
 * Prices and costs are scaled by moving the decimal point, not by dividing (the division ran on every request and
 * was a twelfth of the server's allocation). These pin the results to the plain arithmetic they replace.
 */
class CostArithmeticTest {

    @Property(tries = 500)
    void aRequestsCostIsItsTokensTimesThePricePerThousandRoundedUpToTheNano(
            @ForAll @LongRange(min = 0, max = 50_000_000) long inputMicros,
            @ForAll @LongRange(min = 0, max = 50_000_000) long outputMicros,
            @ForAll @IntRange(min = 0, max = 2_000_000) int inputTokens,
            @ForAll @IntRange(min = 0, max = 200_000) int outputTokens) {
        BigDecimal in = BigDecimal.valueOf(inputMicros, 6);
        BigDecimal out = BigDecimal.valueOf(outputMicros, 7);
        BigDecimal exact = in.multiply(BigDecimal.valueOf(inputTokens)).add(out.multiply(BigDecimal.valueOf(outputTokens)))
                .divide(BigDecimal.valueOf(1000));
        long nanos = exact.multiply(BigDecimal.valueOf(1_000_000_000L)).setScale(0, RoundingMode.CEILING).longValueExact();

        assertThat(new TokenPrices(in, out).cost(inputTokens, outputTokens)).isEqualTo(new Cost(nanos));
    }

    @Property(tries = 500)
    void aCostReadBackInUnitsIsTheSameAmountWithoutTrailingZeros(@ForAll @LongRange(min = 0) long nanos) {
        Cost cost = new Cost(nanos);
        BigDecimal units = cost.units();

        assertThat(units).isEqualByComparingTo(BigDecimal.valueOf(nanos).divide(BigDecimal.valueOf(1_000_000_000L)));
        assertThat(units).isEqualTo(units.stripTrailingZeros());
        assertThat(Cost.of(units)).isEqualTo(cost);
    }

    @Property(tries = 200)
    void aFractionOfANanoCostsAWholeNano(@ForAll @LongRange(min = 0, max = 1_000_000_000_000L) long picos) {
        BigDecimal units = BigDecimal.valueOf(picos, 12);

        assertThat(Cost.of(units).nanos()).isEqualTo(Math.ceilDiv(picos, 1000));
    }
}
