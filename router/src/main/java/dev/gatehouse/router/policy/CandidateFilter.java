package dev.gatehouse.router.policy;

import dev.gatehouse.router.features.Priority;
import dev.gatehouse.router.features.RequestFeatures;
import dev.gatehouse.router.policy.Decision.Rejection;
import dev.gatehouse.router.privacy.DataClass;
import java.util.ArrayList;
import java.util.List;

/**
 * The hard checks of a decision, in order: data class, private-only, policy rules, availability and health,
 * context window, a full queue. The first check a target fails is its rejection; the data and policy checks come
 * first because only they may veto a pinned model.
 */
final class CandidateFilter {

    private CandidateFilter() {}

    static List<Target> eligible(RequestFeatures f, CapacitySnapshot snapshot, Policy policy, List<Rule> activeRules,
            List<Rejection> rejected) {
        List<Target> eligible = new ArrayList<>();
        for (Target t : policy.targets()) {
            Rejection r = check(t, f, snapshot, activeRules);
            if (r == null) {
                eligible.add(t);
            } else {
                rejected.add(r);
            }
        }
        return eligible;
    }

    private static Rejection check(Target t, RequestFeatures f, CapacitySnapshot snapshot, List<Rule> activeRules) {
        DataClass data = f.dataClass();
        if (!t.local() && data.compareTo(DataClass.INTERNAL) > 0) {
            return new Rejection(t.id(), ReasonCode.DATA_CLASS_NOT_ALLOWED,
                    data.wireName() + " data never leaves the premises; " + t.id() + " is not local");
        }
        if (!t.dataClasses().contains(data)) {
            return new Rejection(t.id(), ReasonCode.DATA_CLASS_NOT_ALLOWED,
                    t.id() + " may receive " + wireNames(t) + ", the request is " + data.wireName());
        }
        if (f.request().priority() == Priority.PRIVATE_ONLY && !t.local()) {
            return new Rejection(t.id(), ReasonCode.PRIVATE_ONLY, "the request asked for private-only");
        }
        for (Rule rule : activeRules) {
            if (Rule.selectsAny(rule.forbid(), t)) {
                return new Rejection(t.id(), ReasonCode.RULE_FORBIDS, "rule '" + rule.name() + "' forbids it");
            }
            if (!rule.require().isEmpty() && !Rule.selectsAny(rule.require(), t)) {
                return new Rejection(t.id(), ReasonCode.RULE_REQUIRES_OTHER,
                        "rule '" + rule.name() + "' requires " + rule.require());
            }
        }
        TargetCapacity cap = snapshot.targets().get(t.id());
        if (cap == null) {
            return new Rejection(t.id(), ReasonCode.NOT_AVAILABLE,
                    t.local() ? "not in the model pool" : "no connection to provider " + t.provider());
        }
        if (cap.state() == TargetCapacity.State.FAILED || cap.state() == TargetCapacity.State.DRAINING) {
            return new Rejection(t.id(), ReasonCode.UNHEALTHY, "the model is " + cap.state().wireName());
        }
        int window = t.contextWindow() != null ? t.contextWindow() : cap.contextLength();
        int needed = f.promptTokens() + (f.maxTokens() == null ? 16 : f.maxTokens());
        if (window > 0 && needed > window) {
            return new Rejection(t.id(), ReasonCode.CONTEXT_TOO_SMALL,
                    "needs about " + needed + " tokens, context is " + window);
        }
        if (cap.full()) {
            return new Rejection(t.id(), ReasonCode.SATURATED, "all " + cap.slots() + " slots busy and "
                    + cap.queued() + " waiting (queue limit " + cap.maxQueue() + ")");
        }
        return null;
    }

    private static String wireNames(Target t) {
        List<String> names = new ArrayList<>();
        for (DataClass c : DataClass.values()) {
            if (t.dataClasses().contains(c)) names.add(c.wireName());
        }
        return names.toString();
    }
}
