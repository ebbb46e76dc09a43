package dev.gatehouse.router.report;

import dev.gatehouse.router.feedback.Feedback;
import dev.gatehouse.router.policy.Policy;
import dev.gatehouse.router.policy.Target;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Spend and outcomes per group (tenant, target, category or route) over served requests, with feedback joined by
 * decision id. A request succeeded when it was answered (HTTP 200) and no feedback scored it below 0.5. Savings
 * are against sending every request to the policy's strongest target (highest default quality) at its prices for
 * the same tokens. Pure: the log and feedback are read before.
 */
final class CostReport {
    enum By { TENANT, TARGET, CATEGORY, ROUTE }

    record Row(String group, int requests, double spend, long promptTokens, long completionTokens, int escalations,
               int withFeedback, Double meanScore, int successes, Double costPerSuccess, double strongestCost,
               double savings) {
    }

    record Report(String by, String strongestTarget, List<Row> rows, Row total) {
    }

    private CostReport() {
    }

    static Report of(List<ServedRequest> requests, Map<String, Feedback> feedback, Policy policy, By by) {
        Optional<Target> strongest = policy.targets().stream().max(Comparator.comparingDouble(Target::defaultQuality));
        Function<ServedRequest, String> key = switch (by) {
            case TENANT -> r -> r.tenant() == null ? "(no tenant)" : r.tenant();
            case TARGET -> r -> r.servedBy() == null ? "(not served)" : r.servedBy();
            case CATEGORY -> ServedRequest::category;
            case ROUTE -> r -> route(r, policy);
        };
        Map<String, Accumulator> groups = new TreeMap<>();
        Accumulator total = new Accumulator();
        for (ServedRequest r : requests) {
            double counterfactual = strongest.map(t -> (r.promptTokens() * t.costPer1kInput()
                    + r.completionTokens() * t.costPer1kOutput()) / 1000).orElse(0.0);
            boolean escalated = "provider".equals(route(r, policy));
            Feedback f = feedback.get(r.id());
            groups.computeIfAbsent(key.apply(r), k -> new Accumulator()).add(r, f, escalated, counterfactual);
            total.add(r, f, escalated, counterfactual);
        }
        List<Row> rows = groups.entrySet().stream().map(e -> e.getValue().row(e.getKey())).toList();
        return new Report(by.name().toLowerCase(java.util.Locale.ROOT), strongest.map(Target::id).orElse(null), rows,
                total.row("total"));
    }

    /** local, provider, tool or not-served: how the request was answered. */
    static String route(ServedRequest r, Policy policy) {
        if (r.servedBy() == null) return "not-served";
        if (r.servedBy().startsWith("tool/")) return "tool";
        boolean local = policy.target(r.servedBy()).map(Target::local).orElse(!r.servedBy().contains("/"));
        return local ? "local" : "provider";
    }

    private static final class Accumulator {
        int requests;
        double spend;
        long prompt;
        long completion;
        int escalations;
        int withFeedback;
        double scoreSum;
        int successes;
        double strongest;

        void add(ServedRequest r, Feedback f, boolean escalated, double counterfactual) {
            requests++;
            spend += r.cost();
            prompt += r.promptTokens();
            completion += r.completionTokens();
            if (escalated) escalations++;
            if (f != null && f.score() != null) {
                withFeedback++;
                scoreSum += f.score();
            }
            boolean answered = r.status() == 200;
            if (answered && (f == null || f.score() == null || f.score() >= 0.5)) successes++;
            strongest += counterfactual;
        }

        Row row(String group) {
            return new Row(group, requests, spend, prompt, completion, escalations, withFeedback,
                    withFeedback == 0 ? null : scoreSum / withFeedback, successes,
                    successes == 0 ? null : spend / successes, strongest, strongest - spend);
        }
    }
}
