package dev.gatehouse.router.rollout;

import dev.gatehouse.manifest.ConfigException;
import dev.gatehouse.manifest.Violation;
import dev.gatehouse.manifest.yaml.YamlDocument;
import dev.gatehouse.manifest.yaml.YamlNode;
import dev.gatehouse.router.policy.Policy;
import dev.gatehouse.router.policy.PolicyReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the {@code shadow:} and {@code rollout:} sections of a policy file into a {@link Trial}, once at startup,
 * reporting every violation with its key ({@code rollout.share: must be from 0 to 1, was 1.5}). The policies they
 * name are read with {@link PolicyReader}, relative to the policy file; their own violations are reported under
 * {@code shadow.policy} or {@code rollout.policy}.
 *
 * <pre>
 * shadow:
 *   policy: next-policy.yaml   # decides beside every request, never serves
 * rollout:
 *   policy: next-policy.yaml   # the candidate
 *   share: 0.1                 # of callers, bucketed by a hash: a caller stays on one arm
 *   by: tenant                 # tenant (then API key) or apiKey (then tenant); the client address only without both
 *   salt: "2026-12"            # a new salt reshuffles the buckets
 *   segments: {tenants: [beta-team], tiers: [internal]}   # always on the candidate
 *   qualityBar: 0.95           # the verdict's floor: this share of the live arm's mean feedback score
 *   referenceScore: 0.82       # optional: the bar applies to this fixed score instead (see CanaryVerdict)
 * </pre>
 */
public final class TrialReader {

    private static final List<String> SHADOW_KEYS = List.of("policy");
    private static final List<String> ROLLOUT_KEYS = List.of("policy", "share", "by", "salt", "segments",
            "qualityBar", "referenceScore");
    private static final List<String> SEGMENT_KEYS = List.of("tenants", "tiers");

    private TrialReader() {}

    /** @param policyFile the live policy file, or null for the built-in policy (which tries nothing) */
    public static Trial read(Path policyFile, Map<String, String> env) {
        if (policyFile == null) return Trial.NONE;
        YamlDocument document = YamlDocument.read(policyFile);
        if (!document.isMapping()) return Trial.NONE;
        List<Violation> violations = new ArrayList<>();
        YamlNode top = document.top(violations);
        Path dir = policyFile.toAbsolutePath().getParent();
        YamlNode shadowNode = top.mapping("shadow");
        YamlNode rolloutNode = top.mapping("rollout");
        Policy live = shadowNode == null && rolloutNode == null ? null : live(policyFile, env);
        Policy shadow = null;
        String shadowSource = null;
        if (shadowNode != null) {
            shadowNode.rejectUnknownKeys(SHADOW_KEYS);
            shadowSource = required(shadowNode, "policy");
            shadow = shadowSource == null ? null : candidate(dir, shadowSource, "shadow.policy", env, violations);
            sameCategories(live, shadow, shadowSource, "shadow.policy", violations);
        }
        Policy candidate = null;
        String candidateSource = null;
        Rollout rollout = null;
        if (rolloutNode != null) {
            rolloutNode.rejectUnknownKeys(ROLLOUT_KEYS);
            candidateSource = required(rolloutNode, "policy");
            candidate = candidateSource == null ? null
                    : candidate(dir, candidateSource, "rollout.policy", env, violations);
            sameCategories(live, candidate, candidateSource, "rollout.policy", violations);
            rollout = rollout(rolloutNode, violations);
        }
        if (!violations.isEmpty()) throw new ConfigException(policyFile.toString(), violations);
        if (candidate == null) return new Trial(null, null, null, false, shadow, shadowSource);
        return new Trial(candidate, candidateSource, rollout, false, shadow, shadowSource);
    }

    /**
     * A request's category is computed once, by the live policy's classifier, before any policy decides
     * ({@code RequestRouter}): a policy under trial whose examples or method differ would be tried with categories it
     * never defined, and its category rules would silently never fire. Such a difference is refused by name; other
     * categories are compared offline ({@code ./gatehouse eval category}) and then changed in the live policy.
     */
    private static void sameCategories(Policy live, Policy tried, String file, String key,
            List<Violation> violations) {
        if (live == null || tried == null) return;
        if (!live.categories().equals(tried.categories()) || live.categoryMethod() != tried.categoryMethod()) {
            violations.add(new Violation(key, file + ": its task categories (categories, categoryExamples or "
                    + "categoryMethod) differ from the live policy's; each request's category is computed once, by "
                    + "the live policy, so a policy under trial cannot try other categories (compare them with "
                    + "./gatehouse eval category, then change the live policy)"));
        }
    }

    /** The live policy, to compare a policy under trial with; null when it is invalid (reported where it is read). */
    private static Policy live(Path policyFile, Map<String, String> env) {
        try {
            return PolicyReader.read(policyFile, env);
        } catch (ConfigException e) {
            return null;
        }
    }

    private static Rollout rollout(YamlNode node, List<Violation> violations) {
        // the range is Rollout's own rule, checked below with the rest of its rules
        Double shareValue = node.number("share", Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
        double share = shareValue == null ? 0 : shareValue;
        String by = node.has("by") ? node.string("by") : "tenant";
        String salt = node.has("salt") ? node.string("salt") : "gatehouse";
        // the range is CanaryVerdict's rule, checked with Rollout's own
        Double barValue = node.number("qualityBar", Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
        double qualityBar = barValue == null ? CanaryVerdict.DEFAULT_QUALITY_BAR : barValue;
        Double reference = node.number("referenceScore", Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
        for (String v : Rollout.violations("rollout", share, by == null ? "tenant" : by, qualityBar, reference)) {
            int colon = v.indexOf(": ");
            violations.add(new Violation(v.substring(0, colon), v.substring(colon + 2)));
        }
        Set<String> tenants = Set.of();
        Set<String> tiers = Set.of();
        YamlNode segments = node.mapping("segments");
        if (segments != null) {
            segments.rejectUnknownKeys(SEGMENT_KEYS);
            tenants = new LinkedHashSet<>(segments.strings("tenants"));
            tiers = new LinkedHashSet<>(segments.strings("tiers"));
        }
        if (!node.has("share") && tenants.isEmpty() && tiers.isEmpty()) {
            violations.add(new Violation("rollout", "names no one for the candidate: set share (0 to 1) or "
                    + "segments.tenants / segments.tiers"));
        }
        return new Rollout(share, by == null ? "tenant" : by, tenants, tiers, salt == null ? "gatehouse" : salt,
                qualityBar, reference);
    }

    private static String required(YamlNode node, String key) {
        if (!node.has(key)) {
            node.violation(key, "is required");
            return null;
        }
        return node.string(key);
    }

    /** A policy a section names, which must not try policies of its own (a trial of a trial has no meaning). */
    private static Policy candidate(Path dir, String file, String key, Map<String, String> env,
            List<Violation> violations) {
        Path path = dir.resolve(file);
        try {
            if (Files.isRegularFile(path)) {
                YamlDocument document = YamlDocument.read(path);
                YamlNode top = document.isMapping() ? document.top(new ArrayList<>()) : null;
                for (String nested : List.of("shadow", "rollout")) {
                    if (top != null && top.get(nested) != null) {
                        violations.add(new Violation(key, file + " has a " + nested + " section of its own; a "
                                + "policy under trial cannot try another"));
                    }
                }
            }
            return PolicyReader.read(path, env);
        } catch (ConfigException e) {
            for (Violation v : e.violations()) {
                violations.add(new Violation(key, file + ": " + v.key() + ": " + v.message()));
            }
        }
        return null;
    }
}
