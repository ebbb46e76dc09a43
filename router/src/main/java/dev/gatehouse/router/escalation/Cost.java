package dev.gatehouse.router.escalation;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * An amount of money in billionths of the policy's currency unit (a US dollar unless the operator says otherwise),
 * so sums are exact longs that can be compared and added atomically.
 */
public record Cost(long nanos) implements Comparable<Cost> {

    public static final Cost ZERO = new Cost(0);
    /** Decimal places of a unit that a nano is; scaling by moving the point is exact and needs no division. */
    private static final int NANO_DIGITS = 9;

    public static Cost of(BigDecimal units) {
        return new Cost(units.movePointRight(NANO_DIGITS).setScale(0, RoundingMode.CEILING).longValueExact());
    }

    public static Cost of(String units) {
        return of(new BigDecimal(units));
    }

    public Cost plus(Cost other) {
        return new Cost(Math.addExact(nanos, other.nanos));
    }

    public BigDecimal units() {
        return BigDecimal.valueOf(nanos, NANO_DIGITS).stripTrailingZeros();
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
