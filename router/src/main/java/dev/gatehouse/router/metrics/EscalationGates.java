package dev.gatehouse.router.metrics;

import dev.gatehouse.router.policy.Decision;
import dev.gatehouse.router.policy.Policy;
import dev.gatehouse.router.policy.ReasonCode;
import dev.gatehouse.router.policy.Target;
import java.util.EnumSet;
import java.util.Set;

/**
 * Which gates of escalation held a decision's provider candidates back. A provider that was merely outranked or
 * below the quality floor was not blocked; one rejected for the data class, the tenant, its health, its
 * concurrency, the budget or the escalation cap was.
 */
public final class EscalationGates {

    /** The gates in the order the decider applies them (docs/ARCHITECTURE.md, "Escalation to approved providers"). */
    public static final Set<ReasonCode> GATES = EnumSet.of(ReasonCode.DATA_CLASS_NOT_ALLOWED,
            ReasonCode.TENANT_MAY_NOT_ESCALATE, ReasonCode.PROVIDER_UNHEALTHY, ReasonCode.SATURATED,
            ReasonCode.BUDGET_EXHAUSTED, ReasonCode.ESCALATION_RATE_CAPPED);

    private EscalationGates() {}

    /** Each gate at most once per decision, however many providers it held back. */
    public static Set<ReasonCode> blocked(Decision decision, Policy policy) {
        Set<ReasonCode> out = EnumSet.noneOf(ReasonCode.class);
        for (Decision.Rejection r : decision.rejected()) {
            boolean provider = policy.target(r.target()).map(t -> !t.local()).orElse(false);
            if (provider && GATES.contains(r.reason())) out.add(r.reason());
        }
        return out;
    }
}
