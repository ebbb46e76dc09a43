package dev.gatehouse.router.policy;

import dev.gatehouse.router.features.Priority;
import dev.gatehouse.router.features.RequestFeatures;
import dev.gatehouse.router.policy.CapacitySnapshot.StickyChoice;
import dev.gatehouse.router.policy.Decision.CandidateScore;
import dev.gatehouse.router.policy.Decision.Reason;
import dev.gatehouse.router.policy.Decision.Rejection;
import dev.gatehouse.router.policy.Target.Capability;
import dev.gatehouse.router.tools.ToolMatches;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The routing decision, a pure function of its three inputs: no clock, no pool, no I/O.
 *
 * <ol>
 *   <li>Filter ({@link CandidateFilter}): data class, private-only, rules, availability, context, full queues.</li>
 *   <li>A pinned model is kept unless the data or a rule vetoes it; a veto refuses the request or, if the policy
 *       says so, routes it as {@code auto}.</li>
 *   <li>Capabilities (tools, JSON) and the quality floor of the category (raised with difficulty) narrow the rest,
 *       unless nothing would be left: then the best available goes, with a reason saying so.</li>
 *   <li>Score = w<sub>q</sub>·quality·(0.5 + difficulty) − w<sub>c</sub>·cost/(cost + scale)
 *       − w<sub>l</sub>·log10(1 + latency in s) + prefer bonus; weights by priority. Harder requests value quality
 *       more; the log makes a ten-times-slower target lose a fixed amount, whatever the scale.</li>
 *   <li>Hysteresis: the target this similarity bucket went to last stays unless the best beats it by the
 *       margin, or it has no free slot while the best has one.</li>
 * </ol>
 */
public final class Decider {

    private Decider() {}

    public static Decision decide(RequestFeatures f, CapacitySnapshot snapshot, Policy policy) {
        return decide(f, snapshot, policy, ToolMatches.NONE, SuccessForecast.NONE);
    }

    /**
     * @param forecast each target's expected success on this request (a learned router's), or {@link SuccessForecast#NONE}:
     *                 when it covers ranked candidates, the cheapest expected to succeed goes ({@link CheapestAdequate})
     */
    public static Decision decide(RequestFeatures f, CapacitySnapshot snapshot, Policy policy, SuccessForecast forecast) {
        return decide(f, snapshot, policy, ToolMatches.NONE, forecast);
    }

    public static Decision decide(RequestFeatures f, CapacitySnapshot snapshot, Policy policy, ToolMatches tools) {
        return decide(f, snapshot, policy, tools, SuccessForecast.NONE);
    }

    /**
     * The decision with tool targets: a request that names a tool gets it or a refusal; otherwise the models'
     * decision, which a declared tool that understood the whole request exactly takes over ({@link ToolChoice}).
     *
     * @param tools    the tools that understood the request, found from its text before the decision
     * @param forecast each target's expected success on this request, or {@link SuccessForecast#NONE}
     */
    public static Decision decide(RequestFeatures f, CapacitySnapshot snapshot, Policy policy, ToolMatches tools,
                                  SuccessForecast forecast) {
        if (ToolChoice.pinsTool(f)) return ToolChoice.pinned(f, snapshot, policy, tools);
        return ToolChoice.over(decideModels(f, snapshot, policy, forecast), f, tools);
    }

    private static Decision decideModels(RequestFeatures f, CapacitySnapshot snapshot, Policy policy,
                                         SuccessForecast forecast) {
        String tenantTier = f.request().tenant() == null ? null
                : policy.tenant(f.request().tenant()).map(Tenant::tier).orElse(null);
        List<Rule> active = new ArrayList<>();
        for (Rule rule : policy.rules()) {
            if (rule.when().matches(f, tenantTier)) active.add(rule);
        }
        List<Rejection> rejected = new ArrayList<>();
        List<Reason> reasons = new ArrayList<>();
        List<Target> eligible = CandidateFilter.eligible(f, snapshot, policy, active, rejected);
        String bucket = f.similarityBucket();

        String pin = f.request().pinnedModel();
        if (pin != null) {
            Rejection pinRejection = rejected.stream().filter(r -> r.target().equals(pin)).findFirst().orElse(null);
            var pinned = policy.target(pin);
            if (pinned.isEmpty()) {
                reasons.add(new Reason(ReasonCode.NO_ELIGIBLE_TARGET, "'" + pin + "' is not a target of the policy"));
                return refused(f, snapshot, reasons, rejected, bucket);
            }
            if (pinRejection == null || !pinRejection.reason().vetoesPin()) {
                return pinnedDecision(f, snapshot, policy, pinned.get(), pinRejection, eligible, rejected, active,
                        bucket);
            }
            reasons.add(new Reason(ReasonCode.PINNED_VETOED, pin + ": " + pinRejection.detail()));
            if (policy.onPinnedVeto() == Policy.PinnedVeto.REJECT) {
                return refused(f, snapshot, reasons, rejected, bucket);
            }
        }

        if (policy.escalation().onBudgetExhausted() == EscalationPolicy.OnBudgetExhausted.REJECT) {
            Rejection budget = rejected.stream().filter(r -> r.reason() == ReasonCode.BUDGET_EXHAUSTED).findFirst()
                    .orElse(null);
            if (budget != null) {
                reasons.add(new Reason(ReasonCode.BUDGET_EXHAUSTED, budget.detail()));
                return refused(f, snapshot, reasons, rejected, bucket);
            }
        }
        eligible = readmitWhenNothingFits(f, policy, eligible, rejected, reasons);
        eligible = narrowByCapability(f, eligible, rejected, reasons);
        double floor = floor(f, policy);
        eligible = narrowByFloor(f, floor, eligible, rejected, reasons);
        if (eligible.isEmpty()) {
            reasons.add(new Reason(ReasonCode.NO_ELIGIBLE_TARGET, rejected.size() + " targets, none eligible"));
            return refused(f, snapshot, reasons, rejected, bucket);
        }

        List<CandidateScore> ranking = Escalation.overflow(CheapestAdequate.apply(rank(f, snapshot, policy, active,
                eligible), forecast, reasons), policy, reasons);
        CandidateScore best = ranking.getFirst();
        boolean forecastChose = reasons.stream().anyMatch(r -> r.code() == ReasonCode.CHEAPEST_ADEQUATE);
        CandidateScore chosen = forecastChose || reasons.stream().anyMatch(r -> r.code() == ReasonCode.CAPACITY_OVERFLOW)
                ? null : sticky(snapshot, policy.hysteresis(), bucket, ranking, reasons);
        if (chosen == null && forecastChose) {
            chosen = best; // a per-prompt forecast outranks the coarse bucket's stickiness
        } else if (chosen == null) {
            chosen = best;
            reasons.add(new Reason(ReasonCode.BEST_SCORE, describe(chosen) + " under " + f.request().priority()
                    .wireName()));
        }
        var drawn = ExplorationDraw.draw(f.request().id(), LearnedRouter.exploreShare(policy), ranking, chosen,
                snapshot.targets(), reasons);
        chosen = drawn.chosen();
        explainCapacity(f, snapshot, policy, eligible, chosen, floor, reasons);
        PoolGate.explainOverflow(policy, snapshot, eligible, chosen.target(), reasons);
        String chosenId = chosen.target();
        if (active.stream().anyMatch(r -> Rule.selectsAny(r.prefer(), policy.target(chosenId).orElseThrow()))) {
            reasons.add(new Reason(ReasonCode.RULE_PREFERRED, "a matching rule prefers " + chosenId));
        }
        Escalation.explain(policy, chosenId, rejected, reasons);
        if (f.difficultyUnfamiliar() != null) {
            reasons.add(new Reason(ReasonCode.DIFFICULTY_UNFAMILIAR, f.difficultyUnfamiliar()));
        }
        List<String> fallbacks = new ArrayList<>();
        for (CandidateScore s : Escalation.fallbackOrder(ranking, policy, chosenId)) {
            if (!s.target().equals(chosenId)) {
                if (fallbacks.size() < policy.scoring().maxFallbacks()) {
                    fallbacks.add(s.target());
                } else {
                    rejected.add(new Rejection(s.target(), ReasonCode.OUTRANKED,
                            "score " + round(s.score()) + " < " + round(chosen.score())));
                }
            }
        }
        return new Decision(f.request().id(), chosen.target(), fallbacks, reasons, rejected,
                ranking.subList(0, Math.min(ranking.size(), policy.scoring().maxFallbacks() + 2)), chosen.costUsd(),
                chosen.latencyMs(), bucket, f, snapshot, Escalation.cascadeTo(policy, chosenId, fallbacks, reasons),
                null, null, drawn.exploration());
    }

    private static Decision pinnedDecision(RequestFeatures f, CapacitySnapshot snapshot, Policy policy, Target pinned,
            Rejection softRejection, List<Target> eligible, List<Rejection> rejected, List<Rule> active,
            String bucket) {
        List<Reason> reasons = new ArrayList<>();
        reasons.add(new Reason(ReasonCode.PINNED, "the request named " + pinned.id()
                + (softRejection == null ? "" : "; note: " + softRejection.detail())));
        rejected.removeIf(r -> r.target().equals(pinned.id()));
        // a stand-in for a model the client named must be one the request would accept: at its quality floor
        double floor = floor(f, policy);
        List<Target> others = new ArrayList<>(eligible);
        others.removeIf(t -> t.id().equals(pinned.id()));
        for (Target t : List.copyOf(others)) {
            if (t.quality(f.category()) < floor) {
                others.remove(t);
                rejected.add(new Rejection(t.id(), ReasonCode.BELOW_QUALITY_FLOOR, "no stand-in for " + pinned.id()
                        + ": quality " + round(t.quality(f.category())) + " < floor " + round(floor) + " for "
                        + f.category()));
            }
        }
        List<CandidateScore> ranking = rank(f, snapshot, policy, active, others);
        List<String> fallbacks = Escalation.fallbackOrder(ranking, policy, pinned.id()).stream()
                .limit(policy.scoring().maxFallbacks()).map(CandidateScore::target).toList();
        TargetCapacity cap = snapshot.targets().get(pinned.id());
        CandidateCost cost = cap == null ? new CandidateCost(0, 0) : CandidateCost.of(pinned, cap, f, policy.scoring());
        return new Decision(f.request().id(), pinned.id(), fallbacks, reasons, rejected, List.of(), cost.usd(),
                cost.latencyMs(), bucket, f, snapshot);
    }

    /** The category's floor, raised with difficulty. */
    private static double floor(RequestFeatures f, Policy policy) {
        return Math.min(1.0, policy.floor(f.category()) + policy.scoring().difficultyFloorBoost() * f.difficulty());
    }

    private static Decision refused(RequestFeatures f, CapacitySnapshot snapshot, List<Reason> reasons,
            List<Rejection> rejected, String bucket) {
        return new Decision(f.request().id(), null, List.of(), reasons, rejected, List.of(), 0, 0, bucket, f,
                snapshot);
    }

    /**
     * The context check uses an estimate; when it rules out every target, the targets it ruled out stay, and the
     * model's own tokenizer gives the precise context-length error.
     */
    private static List<Target> readmitWhenNothingFits(RequestFeatures f, Policy policy, List<Target> eligible,
            List<Rejection> rejected, List<Reason> reasons) {
        if (!eligible.isEmpty() || rejected.stream().noneMatch(r -> r.reason() == ReasonCode.CONTEXT_TOO_SMALL)) {
            return eligible;
        }
        List<Target> readmitted = new ArrayList<>();
        rejected.removeIf(r -> {
            if (r.reason() != ReasonCode.CONTEXT_TOO_SMALL) return false;
            readmitted.add(policy.target(r.target()).orElseThrow());
            return true;
        });
        reasons.add(new Reason(ReasonCode.CONTEXT_TOO_SMALL, "no target's context fits about "
                + f.promptTokens() + " prompt tokens; the chosen model's tokenizer decides"));
        return readmitted;
    }

    private static List<Target> narrowByCapability(RequestFeatures f, List<Target> eligible,
            List<Rejection> rejected, List<Reason> reasons) {
        Set<Capability> needed = EnumSet.noneOf(Capability.class);
        if (f.toolsRequested()) needed.add(Capability.TOOLS);
        if (f.structuredOutput()) needed.add(Capability.JSON);
        if (needed.isEmpty()) return eligible;
        List<Target> capable = eligible.stream().filter(t -> t.capabilities().containsAll(needed)).toList();
        if (capable.isEmpty()) {
            reasons.add(new Reason(ReasonCode.CAPABILITY_UNAVAILABLE, "no eligible target declares " + needed
                    + "; routing without it"));
            return eligible;
        }
        for (Target t : eligible) {
            if (!t.capabilities().containsAll(needed)) {
                rejected.add(new Rejection(t.id(), ReasonCode.MISSING_CAPABILITY, "lacks " + needed));
            }
        }
        return capable;
    }

    private static List<Target> narrowByFloor(RequestFeatures f, double floor, List<Target> eligible,
            List<Rejection> rejected, List<Reason> reasons) {
        List<Target> meeting = eligible.stream().filter(t -> t.quality(f.category()) >= floor).toList();
        if (meeting.isEmpty() && !eligible.isEmpty()) {
            double top = eligible.stream().mapToDouble(t -> t.quality(f.category())).max().orElse(0);
            reasons.add(new Reason(ReasonCode.NO_TARGET_MEETS_FLOOR, "floor for " + f.category() + " is "
                    + round(floor) + ", best eligible quality " + round(top)));
            return eligible;
        }
        for (Target t : eligible) {
            if (t.quality(f.category()) < floor) {
                rejected.add(new Rejection(t.id(), ReasonCode.BELOW_QUALITY_FLOOR, "quality "
                        + round(t.quality(f.category())) + " < floor " + round(floor) + " for " + f.category()));
            }
        }
        return meeting;
    }

    private static List<CandidateScore> rank(RequestFeatures f, CapacitySnapshot snapshot, Policy policy,
            List<Rule> active, List<Target> candidates) {
        Weights w = Weights.of(f.request().priority());
        Policy.Scoring scoring = policy.scoring();
        List<CandidateScore> scores = new ArrayList<>(candidates.size());
        for (Target t : candidates) {
            CandidateCost cost = CandidateCost.of(t, snapshot.targets().get(t.id()), f, scoring);
            double quality = t.quality(f.category());
            double score = w.quality * quality * (0.5 + f.difficulty())
                    - w.cost * cost.usd() / (cost.usd() + scoring.costScaleUsd())
                    - w.latency * Math.log10(1 + cost.latencyMs() / 1000.0);
            for (Rule r : active) {
                if (Rule.selectsAny(r.prefer(), t)) {
                    score += scoring.preferBonus();
                    break;
                }
            }
            scores.add(new CandidateScore(t.id(), score, quality, cost.usd(), cost.latencyMs(), t.local()));
        }
        // stable sort: equal scores keep the policy's order
        scores.sort(Comparator.comparingDouble(CandidateScore::score).reversed());
        return scores;
    }

    /** The sticky candidate when it is still eligible and within the margin of the best, else null. */
    private static CandidateScore sticky(CapacitySnapshot snapshot, Policy.Hysteresis hysteresis, String bucket,
            List<CandidateScore> ranking, List<Reason> reasons) {
        StickyChoice previous = snapshot.sticky().get(bucket);
        if (previous == null || Duration.between(previous.since(), snapshot.now()).compareTo(hysteresis.stickFor()) > 0) {
            return null;
        }
        CandidateScore best = ranking.getFirst();
        for (CandidateScore s : ranking) {
            if (s.target().equals(previous.target())) {
                if (s != best && noFreeSlot(snapshot, s.target()) && !noFreeSlot(snapshot, best.target())) {
                    return null; // similar requests stay together, but not in a queue while the best is idle
                }
                if (s == best) {
                    reasons.add(new Reason(ReasonCode.STICKY, "similar requests went to " + s.target()));
                    return s;
                }
                if (best.score() - s.score() <= hysteresis.margin()) {
                    reasons.add(new Reason(ReasonCode.STICKY, "kept " + s.target() + ": " + best.target()
                            + " scores only " + round(best.score() - s.score()) + " more (margin "
                            + hysteresis.margin() + ")"));
                    return s;
                }
                return null;
            }
        }
        return null;
    }

    private static boolean noFreeSlot(CapacitySnapshot snapshot, String target) {
        TargetCapacity cap = snapshot.targets().get(target);
        return cap != null && cap.freeSlots() == 0;
    }

    /** Says so when the highest-quality eligible target was passed over because it is busy or cold. */
    private static void explainCapacity(RequestFeatures f, CapacitySnapshot snapshot, Policy policy,
            List<Target> eligible, CandidateScore chosen, double floor, List<Reason> reasons) {
        Target strongest = eligible.stream().max(Comparator.comparingDouble(t -> t.quality(f.category())))
                .orElseThrow();
        if (strongest.id().equals(chosen.target())
                || strongest.quality(f.category()) <= policy.target(chosen.target()).orElseThrow().quality(f.category())) {
            return;
        }
        TargetCapacity cap = snapshot.targets().get(strongest.id());
        String state = cap.freeSlots() == 0 ? "saturated (" + cap.inFlight() + "/" + cap.slots() + " slots busy, "
                + cap.queued() + " queued)" : cap.state() != TargetCapacity.State.LOADED ? cap.state().wireName()
                : null;
        if (state != null) {
            reasons.add(new Reason(ReasonCode.CAPACITY, strongest.id() + " is " + state + "; " + chosen.target()
                    + " meets the floor " + round(floor) + " for " + f.category()));
        }
    }

    private static String describe(CandidateScore s) {
        return s.target() + ": quality " + round(s.quality()) + ", cost $" + s.costUsd() + ", about "
                + s.latencyMs() + " ms, score " + round(s.score());
    }

    static String round(double value) {
        return Double.toString(Math.round(value * 1000) / 1000.0);
    }

    /** How much quality, cost and latency count under each priority. */
    private record Weights(double quality, double cost, double latency) {
        static Weights of(Priority p) {
            return switch (p) {
                case BALANCED, PRIVATE_ONLY -> new Weights(1.0, 0.5, 0.5);
                case BEST -> new Weights(1.0, 0.05, 0.1);
                case FASTEST -> new Weights(0.2, 0.1, 1.5);
                case CHEAPEST -> new Weights(0.2, 1.5, 0.1);
            };
        }
    }
}
