package dev.gatehouse.router.policy;

import dev.gatehouse.inference.provider.GuardedProvider;
import dev.gatehouse.router.escalation.Cost;
import java.util.Map;

/**
 * The outbound state one decision sees, read before it (the decision stays pure): each provider's health, what is
 * left of the request's budgets, and whether the escalation cap would let one more escalation through now. Nothing
 * is reserved here; the endpoint reserves the budget atomically after the decision.
 *
 * @param providers    health per provider id; a provider missing here counts as healthy
 * @param budgetLeft   the smallest amount left of any budget the request falls under; null = no limit
 * @param budgetDetail which budget that is, for the rejection's detail
 * @param rateCapped   why the escalation cap would refuse one more escalation now; null = it would not
 */
public record EscalationSnapshot(Map<String, GuardedProvider.Health> providers, Cost budgetLeft, String budgetDetail,
        String rateCapped) {

    public EscalationSnapshot {
        providers = Map.copyOf(providers);
    }

    public static EscalationSnapshot none() {
        return new EscalationSnapshot(Map.of(), null, null, null);
    }
}
