package dev.gatehouse.router.rollout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.gatehouse.manifest.ConfigException;
import dev.gatehouse.manifest.Violation;
import dev.gatehouse.router.policy.Policy;
import dev.gatehouse.router.policy.PolicyReader;
import java.io.IOException;
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
 * </pre>
 */
public final class TrialReader {

    private static final List<String> SHADOW_KEYS = List.of("policy");
    private static final List<String> ROLLOUT_KEYS = List.of("policy", "share", "by", "salt", "segments");
    private static final List<String> SEGMENT_KEYS = List.of("tenants", "tiers");
    private static final YAMLMapper YAML = new YAMLMapper();

    private TrialReader() {}

    /** @param policyFile the live policy file, or null for the built-in policy (which tries nothing) */
    public static Trial read(Path policyFile, Map<String, String> env) {
        if (policyFile == null) return Trial.NONE;
        JsonNode root;
        try {
            root = YAML.readTree(Files.readString(policyFile));
        } catch (IOException e) { // PolicyReader already read the file: this is a race with an editor, say so
            throw new ConfigException(policyFile.toString(), List.of(new Violation("(file)",
                    "cannot be read again for shadow and rollout: " + e.getMessage())));
        }
        if (root == null || !root.isObject()) return Trial.NONE;
        List<Violation> violations = new ArrayList<>();
        Path dir = policyFile.toAbsolutePath().getParent();
        JsonNode shadowNode = root.get("shadow");
        Policy shadow = null;
        String shadowSource = null;
        if (shadowNode != null && !shadowNode.isNull()) {
            if (mapping(shadowNode, "shadow", SHADOW_KEYS, violations)) {
                shadowSource = text(shadowNode, "shadow.policy", true, violations);
                shadow = shadowSource == null ? null : candidate(dir, shadowSource, "shadow.policy", env, violations);
            }
        }
        JsonNode rolloutNode = root.get("rollout");
        Policy candidate = null;
        String candidateSource = null;
        Rollout rollout = null;
        if (rolloutNode != null && !rolloutNode.isNull()
                && mapping(rolloutNode, "rollout", ROLLOUT_KEYS, violations)) {
            candidateSource = text(rolloutNode, "rollout.policy", true, violations);
            candidate = candidateSource == null ? null
                    : candidate(dir, candidateSource, "rollout.policy", env, violations);
            rollout = rollout(rolloutNode, violations);
        }
        if (!violations.isEmpty()) throw new ConfigException(policyFile.toString(), violations);
        if (candidate == null) return new Trial(null, null, null, false, shadow, shadowSource);
        return new Trial(candidate, candidateSource, rollout, false, shadow, shadowSource);
    }

    private static Rollout rollout(JsonNode node, List<Violation> violations) {
        double share = 0;
        JsonNode shareNode = node.get("share");
        if (shareNode != null && !shareNode.isNumber()) {
            violations.add(new Violation("rollout.share", "must be a number from 0 to 1, was " + shown(shareNode)));
        } else if (shareNode != null) {
            share = shareNode.asDouble();
        }
        String by = node.has("by") ? text(node, "rollout.by", false, violations) : "tenant";
        String salt = node.has("salt") ? text(node, "rollout.salt", false, violations) : "gatehouse";
        for (String v : Rollout.violations("rollout", share, by == null ? "tenant" : by)) {
            int colon = v.indexOf(": ");
            violations.add(new Violation(v.substring(0, colon), v.substring(colon + 2)));
        }
        Set<String> tenants = Set.of();
        Set<String> tiers = Set.of();
        JsonNode segments = node.get("segments");
        if (segments != null && mapping(segments, "rollout.segments", SEGMENT_KEYS, violations)) {
            tenants = names(segments, "rollout.segments.tenants", violations);
            tiers = names(segments, "rollout.segments.tiers", violations);
        }
        if (shareNode == null && tenants.isEmpty() && tiers.isEmpty()) {
            violations.add(new Violation("rollout", "names no one for the candidate: set share (0 to 1) or "
                    + "segments.tenants / segments.tiers"));
        }
        return new Rollout(share, by == null ? "tenant" : by, tenants, tiers, salt == null ? "gatehouse" : salt);
    }

    /** A policy a section names, which must not try policies of its own (a trial of a trial has no meaning). */
    private static Policy candidate(Path dir, String file, String key, Map<String, String> env,
            List<Violation> violations) {
        Path path = dir.resolve(file);
        try {
            if (Files.isRegularFile(path)) {
                JsonNode root = YAML.readTree(Files.readString(path));
                for (String nested : List.of("shadow", "rollout")) {
                    if (root != null && root.has(nested)) {
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
        } catch (IOException e) {
            violations.add(new Violation(key, file + " cannot be read: " + e.getMessage()));
        }
        return null;
    }

    private static boolean mapping(JsonNode node, String key, List<String> allowed, List<Violation> violations) {
        if (!node.isObject()) {
            violations.add(new Violation(key, "must be a mapping with keys " + allowed + ", was " + shown(node)));
            return false;
        }
        for (var names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                violations.add(new Violation(key + "." + shorten(name), "unknown key, expected one of " + allowed));
            }
        }
        return true;
    }

    private static String text(JsonNode parent, String key, boolean required, List<Violation> violations) {
        JsonNode node = parent.get(key.substring(key.lastIndexOf('.') + 1));
        if (node == null || node.isNull()) {
            if (required) violations.add(new Violation(key, "is required"));
            return null;
        }
        if (!node.isTextual() || node.asText().isBlank()) {
            violations.add(new Violation(key, "must be a non-empty string, was " + shown(node)));
            return null;
        }
        return node.asText();
    }

    private static Set<String> names(JsonNode parent, String key, List<Violation> violations) {
        JsonNode node = parent.get(key.substring(key.lastIndexOf('.') + 1));
        if (node == null || node.isNull()) return Set.of();
        Set<String> out = new LinkedHashSet<>();
        if (!node.isArray()) {
            violations.add(new Violation(key, "must be a list of names, was " + shown(node)));
            return out;
        }
        for (int i = 0; i < node.size(); i++) {
            JsonNode item = node.get(i);
            if (!item.isTextual() || item.asText().isBlank()) {
                violations.add(new Violation(key + "[" + i + "]", "must be a non-empty string, was " + shown(item)));
            } else {
                out.add(item.asText());
            }
        }
        return out;
    }

    /** A value as a message may show it: never more than a line of someone else's input. */
    private static String shown(JsonNode node) {
        return shorten(node.isTextual() ? "'" + node.asText() + "'" : node.toString());
    }

    private static String shorten(String text) {
        return text.length() > 60 ? text.substring(0, 60) + "…" : text;
    }
}
