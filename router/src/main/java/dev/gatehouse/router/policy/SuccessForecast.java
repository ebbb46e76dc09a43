package dev.gatehouse.router.policy;

import java.util.Map;
import java.util.Objects;

/**
 * Each target's expected success on one request (0..1), as a learned router ({@code learning.KnnRouter}) predicts it
 * from the prompt's embedding, and the bar a target must reach to count as expected to succeed. The decision picks the
 * cheapest eligible target at or above the bar ({@link CheapestAdequate}). Computed before the decision, so the
 * decision stays a pure function of its inputs.
 *
 * @param expected per target id, the expected success; targets it does not name are judged by the policy alone
 * @param bar      the expected success that counts as "expected to succeed"
 * @param source   what predicted it (an artifact's name), for the decision's reasons
 */
public record SuccessForecast(Map<String, Double> expected, double bar, String source) {
    /** No prediction: the decision ranks by the policy's scores alone. */
    public static final SuccessForecast NONE = new SuccessForecast(Map.of(), 1, "none");

    public SuccessForecast {
        expected = Map.copyOf(expected);
        Objects.requireNonNull(source, "source");
        if (!(bar >= 0 && bar <= 1)) throw new IllegalArgumentException("bar must be within 0..1, was " + bar);
        expected.forEach((target, p) -> {
            if (!(p >= 0 && p <= 1)) throw new IllegalArgumentException("expected success of " + target + " must be within 0..1, was " + p);
        });
    }

    public boolean isEmpty() {
        return expected.isEmpty();
    }
}
