package dev.gatehouse.router.learning;

import java.util.Map;

/**
 * One routed request that feedback judged, joined with its prompt text: what training learns from.
 *
 * @param decisionId the decision's id
 * @param at         when it was decided (the log's {@code ts}), for a time-ordered held-out split
 * @param prompt     the text the router embeds (the last user message)
 * @param outcomes   per target id, how well it did (0..1): the served target's score, 1 for a preferred target
 */
public record LabelledDecision(String decisionId, String at, String prompt, Map<String, Double> outcomes) {
    public LabelledDecision {
        outcomes = Map.copyOf(outcomes);
    }
}
