package dev.gatehouse.router.access;

import dev.gatehouse.router.privacy.DataClass;
import java.util.Objects;
import java.util.Set;

/**
 * Who sent a request, as the API key says: registered in the request's context by {@link AccessFilter} and read by
 * the request path ({@code req.context().get(Caller.class)}). Holds the key's public id, never the key.
 *
 * @param tenant           the tenant the key belongs to
 * @param tier             a name policy rules match ({@code tenantTier})
 * @param defaultDataClass every request of the tenant is at least this sensitive, or null
 * @param allowedTargets   target ids or selectors ({@code local}, {@code provider:ID}, ...) the tenant may be routed
 *                         to; empty = any
 * @param keyId            the key's public id (the part before the secret), for logs, limits and the audit trail
 * @param admin            whether the key may use the administrative routes
 */
public record Caller(String tenant, String tier, DataClass defaultDataClass, Set<String> allowedTargets, String keyId,
        boolean admin) {

    public Caller {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(tier, "tier");
        Objects.requireNonNull(keyId, "keyId");
        allowedTargets = Set.copyOf(allowedTargets);
    }
}
