package dev.gatehouse.router.review;

/**
 * Who approved or rejected a request: the admin key's tenant and public key id (never the key), or both null when
 * the server runs without keys.
 */
public record Reviewer(String tenant, String keyId) {
    public static final Reviewer UNIDENTIFIED = new Reviewer(null, null);
}
