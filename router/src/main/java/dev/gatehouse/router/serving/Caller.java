package dev.gatehouse.router.serving;

import dev.gatehouse.router.policy.Policy;
import dev.gatehouse.router.policy.Tenant;

/**
 * Who sends a request, decided once before serving and carried: per-key budgets are booked against
 * {@code apiKeyId}, tenant rules, classes and budgets against {@code tenant}. An authenticating filter builds it;
 * without one, {@link #fromBearerKey} reads the policy's tenants.
 *
 * @param apiKeyId SHA-256 of the caller's API key, or null without one
 * @param tenant   the tenant the key belongs to, or null
 */
public record Caller(String apiKeyId, Tenant tenant) {

    public static final Caller ANONYMOUS = new Caller(null, null);

    /** The caller a bearer key names under the policy's tenants; null or a blank key is anonymous. */
    public static Caller fromBearerKey(String key, Policy policy) {
        if (key == null || key.isBlank()) return ANONYMOUS;
        return new Caller(Policy.sha256(key.strip()), policy.tenantForKey(key).orElse(null));
    }

    public String tenantId() {
        return tenant == null ? null : tenant.id();
    }
}
