package dev.gatehouse.router.rollout;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A staged rollout of a candidate policy: a stable share of callers, and named segments, are decided by the
 * candidate; everyone else by the live policy.
 *
 * <p>The share is taken by caller, not by request: a caller's bucket is a hash of the rollout's salt and the
 * caller's tenant or API key id ({@code by} says which comes first; the other is the fallback) and, only when a
 * request has neither, the client's address, so one user does not flip between policies
 * from one request to the next, and raising the share from 10% to 20% keeps the first 10% where they were. Changing
 * the salt reshuffles everyone.
 *
 * @param share    fraction of callers on the candidate, 0..1
 * @param by       what a caller is: {@code tenant} or {@code apiKey}
 * @param tenants  tenants always on the candidate (a named segment)
 * @param tiers    tenant tiers always on the candidate
 * @param salt     mixed into the hash
 * @param qualityBar the share of the reference score the candidate must keep ({@link CanaryVerdict})
 * @param referenceScore a fixed mean feedback score the bar applies to (the quality before the first promotion), or
 *                   null to compare with the live arm's own mean
 */
public record Rollout(double share, String by, Set<String> tenants, Set<String> tiers, String salt,
        double qualityBar, Double referenceScore) {
    public static final int BUCKETS = 10_000;

    /** A rollout judged at the default bar, {@value CanaryVerdict#DEFAULT_QUALITY_BAR}. */
    public Rollout(double share, String by, Set<String> tenants, Set<String> tiers, String salt) {
        this(share, by, tenants, tiers, salt, CanaryVerdict.DEFAULT_QUALITY_BAR);
    }

    /** A rollout judged against the live arm's own mean. */
    public Rollout(double share, String by, Set<String> tenants, Set<String> tiers, String salt, double qualityBar) {
        this(share, by, tenants, tiers, salt, qualityBar, null);
    }

    public Rollout {
        tenants = Set.copyOf(tenants);
        tiers = Set.copyOf(tiers);
    }

    /** Every violation of a rollout section, each with its key under {@code path}. */
    public static List<String> violations(String path, double share, String by) {
        List<String> out = new ArrayList<>();
        if (!(share >= 0 && share <= 1)) out.add(path + ".share: must be from 0 to 1, was " + share);
        if (!"tenant".equals(by) && !"apiKey".equals(by)) {
            out.add(path + ".by: must be tenant or apiKey, was '" + (by == null ? "" : by.length() > 40 ? by.substring(0, 40) + "…" : by) + "'");
        }
        return out;
    }

    /**
     * Every violation of a rollout section, with its verdict's quality bar and reference score (null: none), each
     * with its key under {@code path}.
     */
    public static List<String> violations(String path, double share, String by, double qualityBar,
            Double referenceScore) {
        List<String> out = violations(path, share, by);
        if (!(qualityBar > 0 && qualityBar < 1)) {
            out.add(path + ".qualityBar: must be above 0 and below 1 (a share of the live arm's mean score), was "
                    + qualityBar);
        }
        if (referenceScore != null && !(referenceScore > 0 && referenceScore <= 1)) {
            out.add(path + ".referenceScore: must be above 0 and at most 1 (a mean feedback score), was "
                    + referenceScore);
        }
        return out;
    }

    /**
     * The arm of one request, a pure function of who is calling.
     *
     * @param tenant   the caller's tenant, or null
     * @param tier     the tenant's tier, or null
     * @param apiKeyId the caller's key id (never the key), or null
     * @param clientAddress used only when the caller has neither tenant nor key
     */
    public RolloutArm arm(String tenant, String tier, String apiKeyId, String clientAddress) {
        if (tenant != null && tenants.contains(tenant) || tier != null && tiers.contains(tier)) {
            return RolloutArm.CANDIDATE;
        }
        String caller = "apiKey".equals(by) ? firstNonNull(apiKeyId, tenant, clientAddress)
                : firstNonNull(tenant, apiKeyId, clientAddress);
        return bucket(salt, caller) < share * BUCKETS ? RolloutArm.CANDIDATE : RolloutArm.LIVE;
    }

    /** The caller's bucket in [0, {@value #BUCKETS}): the first four bytes of SHA-256(salt ":" caller). */
    static int bucket(String salt, String caller) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256")
                    .digest((salt + ":" + caller).getBytes(StandardCharsets.UTF_8));
            long v = ((h[0] & 0xFFL) << 24) | ((h[1] & 0xFFL) << 16) | ((h[2] & 0xFFL) << 8) | (h[3] & 0xFFL);
            return (int) (v % BUCKETS);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is in every JDK", e);
        }
    }

    private static String firstNonNull(String... values) {
        for (String v : values) if (v != null) return v;
        return "";
    }
}
