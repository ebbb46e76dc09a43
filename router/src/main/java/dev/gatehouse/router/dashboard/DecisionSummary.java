package dev.gatehouse.router.dashboard;

import dev.gatehouse.router.decisionlog.Outcome;
import dev.gatehouse.router.escalation.Cost;
import dev.gatehouse.router.metrics.RoutedTo;
import dev.gatehouse.router.policy.Decision;
import dev.gatehouse.router.policy.Policy;
import dev.gatehouse.router.privacy.Finding;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the dashboard shows of one finished request: what the decision log holds of it, less the features and
 * capacity. No prompt text: findings are counts by type.
 *
 * @param at          when the decision was made
 * @param target      the chosen target, or null when refused
 * @param servedBy    the target that answered (a fallback may differ from the choice), or null
 * @param reasons     why the target was chosen, as {@code code: detail}
 * @param rejected    every candidate ruled out, with its reason
 * @param findings    privacy findings by type
 * @param cost        what the answer cost, or null
 */
public record DecisionSummary(
        String id,
        Instant at,
        String target,
        String servedBy,
        RoutedTo routedTo,
        boolean dryRun,
        int status,
        long latencyMs,
        String dataClass,
        String category,
        List<Decision.Reason> reasons,
        List<Decision.Rejection> rejected,
        Map<String, Integer> findings,
        Cost cost) {

    public DecisionSummary {
        reasons = List.copyOf(reasons);
        rejected = List.copyOf(rejected);
        findings = Map.copyOf(findings);
    }

    public static DecisionSummary of(Decision d, Outcome o, Policy policy) {
        Map<String, Integer> findings = new TreeMap<>();
        for (Finding f : d.features().findings()) {
            findings.merge(f.type(), 1, Integer::sum);
        }
        return new DecisionSummary(d.id(), d.snapshot().now(), d.target(), o.servedBy(), RoutedTo.of(d, policy),
                o.dryRun(), o.status(), o.latencyMs(), d.features().dataClass().wireName(), d.features().category(),
                d.reasons(), d.rejected(), findings, o.cost());
    }
}
