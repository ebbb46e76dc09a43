package dev.gatehouse.router.escalation;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * Prices of one target per 1,000 tokens. Local models use the operator's cost per 1k for both (default 0).
 */
public record TokenPrices(BigDecimal per1kInput, BigDecimal per1kOutput) {

    public static final TokenPrices FREE = new TokenPrices(BigDecimal.ZERO, BigDecimal.ZERO);

    public TokenPrices {
        Objects.requireNonNull(per1kInput, "per1kInput");
        Objects.requireNonNull(per1kOutput, "per1kOutput");
        if (per1kInput.signum() < 0 || per1kOutput.signum() < 0) {
            throw new IllegalArgumentException("prices must be >= 0");
        }
        per1kInput = per1kInput.stripTrailingZeros(); // 0.0006 and 0.00060 are the same price
        per1kOutput = per1kOutput.stripTrailingZeros();
    }

    /** A local model's flat cost per 1k tokens, input and output alike. */
    public static TokenPrices flat(BigDecimal per1k) {
        return new TokenPrices(per1k, per1k);
    }

    /** What a request cost, from the provider's real token counts. */
    public Cost cost(int inputTokens, int outputTokens) {
        // per 1k by moving the point: exact, where divide(1000) searched for the quotient's scale in BigInteger
        // arithmetic on every request
        return Cost.of(per1kInput.multiply(BigDecimal.valueOf(inputTokens))
                .add(per1kOutput.multiply(BigDecimal.valueOf(outputTokens))).movePointLeft(3));
    }

    /** The most a request can cost: its prompt and every token it may generate; what a budget reserves up front. */
    public Cost maxCost(int promptTokens, int maxTokens) {
        return cost(promptTokens, maxTokens);
    }
}
