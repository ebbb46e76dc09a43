package dev.gatehouse.router.policy;

import dev.gatehouse.router.policy.Decision.CandidateScore;
import dev.gatehouse.router.policy.Decision.Reason;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The exploration step of the decision: with probability {@code share} the request goes to another target the
 * decision already allows, chosen uniformly ({@link Exploration#draw}, a pure function of the decision id). It runs
 * after every gate (data class, private-only, rules, budgets, capabilities, the quality floor), so it only ever picks
 * among the ranked candidates, never a rejected one.
 *
 * <p>Nothing is explored for a decision that had to bend a rule to find a target at all (no capable target, none
 * meeting the floor, no context large enough, a latency overflow), and a local model that is not loaded is not
 * explored: trying an answer must not cost a model load. Such a decision still records its exploration, with
 * propensity 1, so training knows it was certain.
 */
final class ExplorationDraw {
    /** Reasons that mark a decision as already degraded: exploring on top of them would stack two compromises. */
    private static final List<ReasonCode> DEGRADED = List.of(ReasonCode.CAPABILITY_UNAVAILABLE,
            ReasonCode.NO_TARGET_MEETS_FLOOR, ReasonCode.CONTEXT_TOO_SMALL, ReasonCode.CAPACITY_OVERFLOW);

    private ExplorationDraw() {}

    /** The decision's candidate after the draw and the record of it; {@code exploration} null when the share is 0. */
    record Drawn(CandidateScore chosen, Exploration exploration) {}

    /**
     * @param id       the decision id the draw is derived from
     * @param ranking  the allowed candidates, best first
     * @param greedy   the policy's choice among them
     * @param capacity each target's state, to leave out local models that are not loaded
     * @param reasons  the decision's reasons so far; an {@code explore} reason is added when it explores
     */
    static Drawn draw(String id, double share, List<CandidateScore> ranking, CandidateScore greedy,
            Map<String, TargetCapacity> capacity, List<Reason> reasons) {
        if (!(share > 0)) return new Drawn(greedy, null);
        List<CandidateScore> others = new ArrayList<>();
        for (CandidateScore s : ranking) {
            if (s != greedy && ready(s, capacity)) others.add(s);
        }
        List<String> ids = others.stream().map(CandidateScore::target).toList();
        ReasonCode degraded = reasons.stream().map(Reason::code).filter(DEGRADED::contains).findFirst().orElse(null);
        if (degraded != null) {
            return new Drawn(greedy, new Exploration(share, false, greedy.target(), greedy.target(),
                    List.of(greedy.target()), 1, "the decision is degraded (" + degraded.wireName() + ")"));
        }
        Exploration drawn = Exploration.draw(id, share, greedy.target(), ids);
        if (!drawn.explored()) return new Drawn(greedy, drawn);
        CandidateScore picked = others.get(ids.indexOf(drawn.target()));
        reasons.add(new Reason(ReasonCode.EXPLORE, picked.target() + " instead of " + greedy.target() + ": one of "
                + others.size() + " other allowed targets, drawn for " + Decider.round(share * 100) + "% of "
                + "decisions; probability " + Decider.round(drawn.propensity())));
        return new Drawn(picked, drawn);
    }

    /** A provider, or a local model loaded now. */
    private static boolean ready(CandidateScore s, Map<String, TargetCapacity> capacity) {
        TargetCapacity c = capacity.get(s.target());
        return !s.local() || c == null || c.state() == TargetCapacity.State.LOADED;
    }
}
