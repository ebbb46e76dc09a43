package dev.gatehouse.router.policy;

import dev.gatehouse.router.escalation.Cost;
import dev.gatehouse.router.escalation.TokenPrices;
import dev.gatehouse.router.features.RequestFeatures;
import java.math.BigDecimal;

/**
 * The most one request may cost at a target: what the budget gate compares with what is left, and what the
 * endpoint reserves, so that the gate's peek and the reservation agree.
 */
public final class ReservedCost {

    private ReservedCost() {}

    public static Cost of(Target t, RequestFeatures f, Policy policy) {
        return prices(t).maxCost(EscalationPolicy.reservedPromptTokens(f.promptTokens()),
                EscalationPolicy.reservedOutputTokens(f.maxTokens(), policy.scoring()));
    }

    public static TokenPrices prices(Target t) {
        return new TokenPrices(BigDecimal.valueOf(t.costPer1kInput()), BigDecimal.valueOf(t.costPer1kOutput()));
    }
}
