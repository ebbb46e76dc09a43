package dev.gatehouse.router.replay;

import dev.gatehouse.router.policy.CapacitySnapshot.StickyChoice;
import dev.gatehouse.router.policy.Decider;
import dev.gatehouse.router.policy.Decision;
import dev.gatehouse.router.policy.Policy;
import dev.gatehouse.router.policy.Rule;
import dev.gatehouse.router.tools.ToolSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Re-decides logged requests under a candidate policy: each logged decision's features and capacity snapshot go
 * through {@link Decider#decide} with the candidate, in log order, carrying the candidate's own sticky choices
 * forward as the live router would. Pure: the log is read before, the report printed after.
 */
final class Replay {
    private Replay() {
    }

    /**
     * @param baseline the policy the log was decided under, for which rules fired before (rules are matched on the
     *                 logged features, so their firing can be recomputed); the logged targets are taken as they are
     */
    static ReplayReport run(List<LoggedDecision> log, Policy candidate, Policy baseline, int unreadable) {
        Map<String, StickyChoice> sticky = new HashMap<>();
        Map<String, int[]> byTarget = new TreeMap<>();
        Map<String, double[]> quality = new TreeMap<>();
        Map<String, int[]> rules = new TreeMap<>();
        List<ReplayReport.Change> examples = new ArrayList<>();
        int changed = 0;
        int escalationsBefore = 0;
        int escalationsAfter = 0;
        double costBefore = 0;
        double costAfter = 0;
        int keptOnTools = 0;
        for (LoggedDecision logged : log) {
            // a tool matched the prompt's text, which the log does not keep: while the candidate still declares that
            // tool it would match again; a candidate without it sends the request to the models
            boolean keptOnTool = ToolSet.isTool(logged.target()) && candidate.tools().declares(logged.target());
            Decision now = keptOnTool ? null
                    : Decider.decide(logged.features(), logged.snapshot().withSticky(sticky), candidate);
            if (now != null && now.target() != null && now.bucket() != null) {
                sticky.put(now.bucket(), new StickyChoice(now.target(), logged.snapshot().now()));
            }
            if (keptOnTool) keptOnTools++;
            String nowTarget = keptOnTool ? logged.target() : now.target();
            String before = name(logged.target());
            String after = name(nowTarget);
            byTarget.computeIfAbsent(before, k -> new int[2])[0]++;
            byTarget.computeIfAbsent(after, k -> new int[2])[1]++;
            if (!before.equals(after)) {
                changed++;
                if (examples.size() < 20) examples.add(new ReplayReport.Change(logged.id(), before, after,
                        now.reasons().isEmpty() ? "" : now.reasons().getFirst().code().wireName()));
            }
            if (isProvider(baseline, logged.target())) escalationsBefore++;
            if (isProvider(candidate, nowTarget)) escalationsAfter++;
            costBefore += logged.estimatedCostUsd();
            costAfter += keptOnTool ? logged.estimatedCostUsd() : now.estimatedCostUsd();
            String category = logged.features().category();
            double[] q = quality.computeIfAbsent(category, k -> new double[3]);
            q[0] += expectedQuality(baseline, logged.target(), category);
            q[1] += expectedQuality(candidate, nowTarget, category);
            q[2]++;
            List<String> firedBefore = Rule.firedBy(baseline, logged.features());
            List<String> firedAfter = Rule.firedBy(candidate, logged.features());
            firedBefore.forEach(r -> rules.computeIfAbsent(r, k -> new int[2])[0]++);
            firedAfter.forEach(r -> rules.computeIfAbsent(r, k -> new int[2])[1]++);
        }
        Map<String, ReplayReport.Quality> qualityByCategory = new TreeMap<>();
        quality.forEach((category, q) -> qualityByCategory.put(category,
                new ReplayReport.Quality((int) q[2], q[0] / q[2], q[1] / q[2])));
        Map<String, ReplayReport.Count> targets = new TreeMap<>();
        byTarget.forEach((t, c) -> targets.put(t, new ReplayReport.Count(c[0], c[1])));
        Map<String, ReplayReport.Count> differentRules = new TreeMap<>();
        rules.forEach((r, c) -> {
            if (c[0] != c[1]) differentRules.put(r, new ReplayReport.Count(c[0], c[1]));
        });
        List<String> notes = new ArrayList<>();
        if (keptOnTools > 0) {
            notes.add(keptOnTools + " requests answered by a tool the candidate also declares stay on it (tool "
                    + "matching reads the prompt text, which the log does not keep)");
        }
        if (candidate.learnedRouter() != null || baseline.learnedRouter() != null) {
            notes.add("learnedRouter: its forecasts need each prompt's embedding, which the log does not keep; "
                    + "replayed decisions use the policy's scores, rules and floors without them (compare learned "
                    + "routers with train-router's held-out report, or through shadow: and rollout:)");
        }
        return new ReplayReport(log.size(), unreadable, changed, targets, costBefore, costAfter, escalationsBefore,
                escalationsAfter, qualityByCategory, differentRules, examples, List.copyOf(notes));
    }

    private static String name(String target) {
        return target == null ? "(refused)" : target;
    }

    private static boolean isProvider(Policy policy, String target) {
        // a tool is named tool/<name> like a provider model, but answers on the premises
        return target != null && !ToolSet.isTool(target)
                && policy.target(target).map(t -> !t.local()).orElse(target.contains("/"));
    }

    /** The policy's expected quality of {@code target} for the category; 0 for a refusal or an unknown target. */
    private static double expectedQuality(Policy policy, String target, String category) {
        return target == null ? 0 : policy.target(target).map(t -> t.quality(category)).orElse(0.0);
    }

}
