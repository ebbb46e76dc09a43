package dev.gatehouse.router.escalation;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * An amount of money in billionths of the policy's currency unit (a US dollar unless the operator says otherwise),
 * so sums are exact longs that can be compared and added atomically.
 */
public record Cost(long nanos) implements Comparable<Cost> {

    public static final Cost ZERO = new Cost(0);
    private static final BigDecimal NANOS_PER_UNIT = BigDecimal.valueOf(1_000_000_000L);

    public static Cost of(BigDecimal units) {
        return new Cost(units.multiply(NANOS_PER_UNIT).setScale(0, RoundingMode.CEILING).longValueExact());
    }

    public static Cost of(String units) {
        return of(new BigDecimal(units));
    }

    public Cost plus(Cost other) {
        return new Cost(Math.addExact(nanos, other.nanos));
    }

    public BigDecimal units() {
        return BigDecimal.valueOf(nanos).divide(NANOS_PER_UNIT).stripTrailingZeros();
    }

    @Override
    public int compareTo(Cost other) {
        return Long.compare(nanos, other.nanos);
    }

    /** e.g. {@code 0.0125}; at least 2 decimals, as many as needed. */
    @Override
    public String toString() {
        BigDecimal units = units();
        return (units.scale() < 2 ? units.setScale(2) : units).toPlainString();
    }
}
