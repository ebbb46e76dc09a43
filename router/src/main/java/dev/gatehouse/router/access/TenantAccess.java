package dev.gatehouse.router.access;

import dev.gatehouse.router.escalation.BudgetLimits;
import dev.gatehouse.router.privacy.DataClass;
import java.util.List;
import java.util.Objects;

/**
 * A tenant as the keys file declares it.
 *
 * @param tier           a name policy rules can match; {@code standard} unless written
 * @param dataClass      the class every request of the tenant starts from, or null
 * @param allowedTargets target ids or selectors the tenant may reach; empty = any
 * @param budget         spending limit per day and month, or null for none
 * @param rateLimit      limits of each of the tenant's keys
 */
public record TenantAccess(String id, String tier, DataClass dataClass, List<String> allowedTargets,
        BudgetLimits.Limit budget, RateLimit rateLimit) {

    public static final String DEFAULT_TIER = "standard";

    public TenantAccess {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(tier, "tier");
        Objects.requireNonNull(rateLimit, "rateLimit");
        allowedTargets = List.copyOf(allowedTargets);
    }

    /** What {@code keys add} writes for a tenant it has not seen: no limits, any target. */
    public static TenantAccess named(String id) {
        return new TenantAccess(id, DEFAULT_TIER, null, List.of(), null, RateLimit.none());
    }
}
