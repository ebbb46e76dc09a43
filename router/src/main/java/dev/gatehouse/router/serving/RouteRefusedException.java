package dev.gatehouse.router.serving;

import dev.gatehouse.router.policy.Decision;
import dev.gatehouse.router.policy.ReasonCode;

/** The policy allowed no target for a request; mapped to HTTP by the HTTP layer's error mapping with the decision's reasons. */
public final class RouteRefusedException extends RuntimeException {

    private final transient Decision decision;

    public RouteRefusedException(Decision decision) {
        super(message(decision), null, false, false);
        this.decision = decision;
    }

    public Decision decision() {
        return decision;
    }

    /** A vetoed pin or a policy rule: the client asked for something it may not have. */
    public boolean forbidden() {
        return decision.has(ReasonCode.PINNED_VETOED) || decision.rejected().stream()
                .allMatch(r -> r.reason().vetoesPin());
    }

    /**
     * Every candidate was rejected because it is busy, or held back by a gate that reopens (provider circuit,
     * escalation cap): retrying later helps.
     */
    public boolean overloaded() {
        return !decision.rejected().isEmpty() && decision.rejected().stream()
                .allMatch(r -> r.reason() == ReasonCode.SATURATED || r.reason().vetoesPin()
                        || r.reason().isTemporaryGate())
                && decision.rejected().stream().anyMatch(r -> r.reason() == ReasonCode.SATURATED);
    }

    /** The policy refuses requests whose tenant or key is out of budget ({@code budgets.onExhausted: reject}). */
    public boolean budgetExhausted() {
        return decision.has(ReasonCode.BUDGET_EXHAUSTED);
    }

    private static String message(Decision d) {
        StringBuilder s = new StringBuilder("the routing policy allows no target for this request");
        d.reasons().forEach(r -> s.append("; ").append(r.code().wireName()).append(": ").append(r.detail()));
        d.rejected().stream().limit(5).forEach(r -> s.append("; ").append(r.target()).append(" rejected (")
                .append(r.reason().wireName()).append(": ").append(r.detail()).append(")"));
        return s.toString();
    }
}
