package dev.gatehouse.router.access;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * New API keys and their hashes. A key is {@code ghk_<id>_<secret>}: the id (8 hex digits) is public and names the
 * key in logs and the audit trail; the secret is 32 bytes from {@link SecureRandom}, so an unsalted SHA-256 is
 * enough to store it (nobody can try 2<sup>256</sup> guesses against the hash).
 */
public final class ApiKeys {

    static final String PREFIX = "ghk_";
    /** Longer presented keys are refused unhashed: a client cannot make the server hash megabytes per request. */
    static final int MAX_PRESENTED_LENGTH = 256;
    private static final SecureRandom RANDOM = new SecureRandom();

    private ApiKeys() {}

    /** A new key and what the keys file stores of it. */
    public record NewKey(String key, String id, String sha256) {
        @Override
        public String toString() {
            return "NewKey[id=" + id + "]"; // never the key itself
        }
    }

    public static NewKey generate() {
        byte[] id = new byte[4];
        byte[] secret = new byte[32];
        RANDOM.nextBytes(id);
        RANDOM.nextBytes(secret);
        String keyId = HexFormat.of().formatHex(id);
        String key = PREFIX + keyId + "_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        return new NewKey(key, keyId, hex(sha256(key)));
    }

    static byte[] sha256(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
