package dev.gatehouse.router.policy;

import dev.gatehouse.router.policy.Decision.CandidateScore;
import dev.gatehouse.router.policy.Decision.Reason;
import dev.gatehouse.router.policy.Decision.Rejection;
import java.util.ArrayList;
import java.util.List;

/**
 * The parts of the decision about leaving the building, once the gates have filtered the candidates: capacity
 * overflow to a provider, why a provider was chosen, the order fallbacks are tried in, and the cascade.
 */
final class Escalation {

    private Escalation() {}

    /**
     * When every eligible local target would take longer than the policy's latency budget and a provider is
     * eligible (its gates passed), the providers go first: the request overflows instead of queueing.
     */
    static List<CandidateScore> overflow(List<CandidateScore> ranking, Policy policy, List<Reason> reasons) {
        Long budget = policy.escalation().overflowLatencyMs();
        if (budget == null) return ranking;
        List<CandidateScore> local = new ArrayList<>();
        List<CandidateScore> remote = new ArrayList<>();
        for (CandidateScore s : ranking) {
            (s.local() ? local : remote).add(s);
        }
        if (local.isEmpty() || remote.isEmpty() || local.stream().anyMatch(s -> s.latencyMs() <= budget)) {
            return ranking;
        }
        CandidateScore fastest = local.stream().min(java.util.Comparator.comparingLong(CandidateScore::latencyMs))
                .orElseThrow();
        reasons.add(new Reason(ReasonCode.CAPACITY_OVERFLOW, "every eligible local model would take longer than "
                + budget + " ms (fastest: " + fastest.target() + ", about " + fastest.latencyMs() + " ms); "
                + "overflow to " + remote.getFirst().target()));
        List<CandidateScore> reordered = new ArrayList<>(remote);
        reordered.addAll(local);
        return reordered;
    }

    /** Says why a provider was chosen: exploration drew it, no local model met the floor, or it simply scored best. */
    static void explain(Policy policy, String chosen, List<Rejection> rejected, List<Reason> reasons) {
        if (isLocal(policy, chosen) || reasons.stream().anyMatch(r -> r.code() == ReasonCode.CAPACITY_OVERFLOW)) {
            return;
        }
        boolean localBelowFloor = rejected.stream().anyMatch(r -> r.reason() == ReasonCode.BELOW_QUALITY_FLOOR
                && isLocal(policy, r.target()));
        boolean explored = reasons.stream().anyMatch(r -> r.code() == ReasonCode.EXPLORE);
        reasons.add(new Reason(ReasonCode.ESCALATED, explored
                ? "exploration drew it (see explore); every gate passed for " + chosen
                : localBelowFloor ? "no local model meets the quality floor; every gate passed for " + chosen
                : "it scored best and every gate passed for " + chosen));
    }

    /**
     * Fallbacks of the same kind as the chosen target come first when it is local (a local failure tries another
     * local model before anything leaves); a provider target falls back in score order, and a pinned provider to
     * the best local model first.
     */
    static List<CandidateScore> fallbackOrder(List<CandidateScore> ranking, Policy policy, String chosen) {
        boolean chosenLocal = isLocal(policy, chosen);
        boolean pinnedProvider = !chosenLocal && ranking.stream().noneMatch(s -> s.target().equals(chosen));
        if (!chosenLocal && !pinnedProvider) return ranking;
        List<CandidateScore> first = new ArrayList<>();
        List<CandidateScore> then = new ArrayList<>();
        for (CandidateScore s : ranking) {
            (s.local() ? first : then).add(s);
        }
        first.addAll(then);
        return first;
    }

    /** The provider to escalate to when a cascade's local answer fails its quality gate, or null. */
    static String cascadeTo(Policy policy, String chosen, List<String> fallbacks, List<Reason> reasons) {
        if (policy.escalation().cascade() == null || !isLocal(policy, chosen)) return null;
        for (String f : fallbacks) {
            if (!isLocal(policy, f)) {
                reasons.add(new Reason(ReasonCode.CASCADE, chosen + " answers first; its answer is checked and "
                        + "escalated to " + f + " if it fails the quality gate"));
                return f;
            }
        }
        return null;
    }

    static boolean isLocal(Policy policy, String target) {
        return policy.target(target).map(Target::local).orElse(true);
    }
}
