package dev.gatehouse.router.escalation;

/** Who a budget belongs to. */
public enum BudgetScope {
    TENANT,
    API_KEY;

    public String wireName() {
        return this == TENANT ? "tenant" : "api key";
    }
}
