package dev.gatehouse.router.policy;

import dev.gatehouse.router.privacy.DataClass;
import java.util.List;

/**
 * A client of the router, known by its API keys.
 *
 * @param tier          a name rules can match ({@code free}, {@code premium}, ...)
 * @param apiKeySha256  SHA-256 (lower-case hex) of each key, so the policy file holds no secret
 * @param dataClass     every request of this tenant is at least this sensitive, or null
 */
public record Tenant(String id, String tier, List<String> apiKeySha256, DataClass dataClass) {
    public Tenant {
        apiKeySha256 = List.copyOf(apiKeySha256);
    }
}
