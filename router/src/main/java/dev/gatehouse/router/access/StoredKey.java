package dev.gatehouse.router.access;

import java.time.Instant;
import java.util.Objects;

/**
 * An API key as the keys file holds it: its public id and the SHA-256 of the whole key, never the key.
 *
 * @param sha256 lower-case hex SHA-256 of the key as the client sends it
 */
public record StoredKey(String id, String tenant, String sha256, boolean admin, Instant created) {
    public StoredKey {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(sha256, "sha256");
    }
}
