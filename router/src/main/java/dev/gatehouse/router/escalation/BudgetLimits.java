package dev.gatehouse.router.escalation;

import java.util.Map;

/**
 * Spending limits per tenant and per API key (by its id, never the key itself). Absent entries and null limits mean
 * no limit at that level.
 */
public record BudgetLimits(Map<String, Limit> tenants, Map<String, Limit> apiKeys) {

    public BudgetLimits {
        tenants = Map.copyOf(tenants);
        apiKeys = Map.copyOf(apiKeys);
    }

    public static BudgetLimits none() {
        return new BudgetLimits(Map.of(), Map.of());
    }

    /** @param daily null = no daily limit; @param monthly null = no monthly limit */
    public record Limit(Cost daily, Cost monthly) {}

    Limit of(BudgetScope scope, String id) {
        return (scope == BudgetScope.TENANT ? tenants : apiKeys).get(id);
    }
}
