package dev.gatehouse.router.policy;

import dev.gatehouse.router.features.Priority;
import dev.gatehouse.router.features.RequestFeatures;
import dev.gatehouse.router.policy.Decision.Rejection;
import dev.gatehouse.router.privacy.DataClass;
import java.util.ArrayList;
import java.util.List;

/**
 * The hard checks of a decision, in order: data class, private-only, policy rules, tenant allowed to escalate,
 * availability, a polled pool's reading (stale, full), health (a provider's circuit), context window, a full queue,
 * budget left, escalation cap. The
 * first check a target fails is its rejection; the data and policy checks come first because only they may veto a
 * pinned model. The gates read the snapshot's escalation state and reserve nothing.
 */
final class CandidateFilter {

    private CandidateFilter() {}

    static List<Target> eligible(RequestFeatures f, CapacitySnapshot snapshot, Policy policy, List<Rule> activeRules,
            List<Rejection> rejected) {
        List<Target> eligible = new ArrayList<>();
        for (Target t : policy.targets()) {
            Rejection r = check(t, f, snapshot, policy, activeRules);
            if (r == null) {
                eligible.add(t);
            } else {
                rejected.add(r);
            }
        }
        return eligible;
    }

    private static Rejection check(Target t, RequestFeatures f, CapacitySnapshot snapshot, Policy policy,
            List<Rule> activeRules) {
        DataClass data = f.dataClass();
        EscalationPolicy outbound = policy.escalation();
        var provider = t.isProvider() ? outbound.provider(t.provider()).orElse(null) : null;
        if (!Egress.allows(t, data, policy)) {
            boolean wouldLeave = t.escalates() && data.compareTo(DataClass.INTERNAL) > 0;
            return new Rejection(t.id(), ReasonCode.DATA_CLASS_NOT_ALLOWED, wouldLeave
                    ? data.wireName() + " data never leaves the premises"
                            + (data == DataClass.CONFIDENTIAL ? " unmasked" : "") + "; " + t.id() + " is not local"
                    : t.id() + " may receive " + wireNames(t) + ", the request is " + data.wireName());
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
        if (!t.local() && !outbound.tenantMayEscalate(f.request().tenant())) {
            return new Rejection(t.id(), ReasonCode.TENANT_MAY_NOT_ESCALATE, (f.request().tenant() == null
                    ? "anonymous requests" : "tenant '" + f.request().tenant() + "'") + " may not escalate; allowed: "
                    + outbound.allowedTenants());
        }
        TargetCapacity cap = snapshot.targets().get(t.id());
        if (cap == null) {
            return new Rejection(t.id(), ReasonCode.NOT_AVAILABLE,
                    t.local() ? "not in the model pool" : "no connection to provider " + t.provider());
        }
        if (provider != null && provider.capacity() != null) {
            Rejection pool = PoolGate.check(t, provider, snapshot);
            if (pool != null) return pool;
        }
        if (cap.state() == TargetCapacity.State.FAILED || cap.state() == TargetCapacity.State.DRAINING) {
            return new Rejection(t.id(), ReasonCode.UNHEALTHY, "the model is " + cap.state().wireName());
        }
        var health = provider == null ? null : snapshot.escalation().providers().get(provider.id());
        if (health != null && !health.available()) {
            return new Rejection(t.id(), ReasonCode.PROVIDER_UNHEALTHY, "provider " + provider.id() + " is not "
                    + "taking calls (circuit " + health.circuit().name().toLowerCase(java.util.Locale.ROOT) + ")"
                    + health.retryAt().map(at -> "; retry at " + at).orElse(""));
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
        var left = snapshot.escalation().budgetLeft();
        if (left != null && (t.costPer1kInput() > 0 || t.costPer1kOutput() > 0)) {
            var most = ReservedCost.of(t, f, policy);
            if (most.compareTo(left) > 0) {
                return new Rejection(t.id(), ReasonCode.BUDGET_EXHAUSTED, "this request may cost up to " + most
                        + ", " + left + " is left of " + snapshot.escalation().budgetDetail());
            }
        }
        if (!t.local() && snapshot.escalation().rateCapped() != null) {
            return new Rejection(t.id(), ReasonCode.ESCALATION_RATE_CAPPED, snapshot.escalation().rateCapped());
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
