package dev.gatehouse.router.policy;

import dev.gatehouse.router.features.Priority;
import dev.gatehouse.router.features.TaskClassifier;
import dev.gatehouse.router.tools.ToolSet;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The routing policy after validation ({@link PolicyReader}): where requests may go and how to choose.
 *
 * @param targets         candidates, in the operator's order (ties go to the earlier one)
 * @param categories      labelled example prompts per task category, for the semantic classifier
 * @param floors          minimum expected quality per category
 * @param defaultFloor    the floor of categories not in {@code floors}
 * @param defaultPriority the priority of requests without {@code x-gatehouse-priority}
 * @param onPinnedVeto    what happens when policy vetoes a model the request named
 * @param escalation      approved providers and the gates of escalation to them
 * @param privacy         the operator's own detectors
 * @param unknownModels   what a request naming a model neither the manifest nor the policy knows gets
 * @param tools           deterministic tool targets ({@code tool/calculator}, ...); {@link ToolSet#NONE} without a
 *                        {@code tools:} section
 * @param learnedRouter   the kNN router that forecasts each target's success ({@code learnedRouter:}), or null
 */
public record Policy(
        List<Target> targets,
        Map<String, List<String>> categories,
        Map<String, Double> floors,
        double defaultFloor,
        List<Rule> rules,
        List<Tenant> tenants,
        Priority defaultPriority,
        PinnedVeto onPinnedVeto,
        Hysteresis hysteresis,
        Scoring scoring,
        EscalationPolicy escalation,
        PrivacyRules privacy,
        UnknownModels unknownModels,
        ToolSet tools,
        LearnedRouter learnedRouter,
        TaskClassifier.Method categoryMethod) {

    public Policy {
        java.util.Objects.requireNonNull(tools, "tools");
        java.util.Objects.requireNonNull(categoryMethod, "categoryMethod");
        java.util.Objects.requireNonNull(escalation, "escalation");
        java.util.Objects.requireNonNull(privacy, "privacy");
        java.util.Objects.requireNonNull(unknownModels, "unknownModels");
        targets = List.copyOf(targets);
        categories = Map.copyOf(categories);
        floors = Map.copyOf(floors);
        rules = List.copyOf(rules);
        tenants = List.copyOf(tenants);
    }

    /** The default category method ({@link TaskClassifier#DEFAULT_METHOD}). */
    public Policy(List<Target> targets, Map<String, List<String>> categories, Map<String, Double> floors,
            double defaultFloor, List<Rule> rules, List<Tenant> tenants, Priority defaultPriority,
            PinnedVeto onPinnedVeto, Hysteresis hysteresis, Scoring scoring, EscalationPolicy escalation,
            PrivacyRules privacy, UnknownModels unknownModels, ToolSet tools, LearnedRouter learnedRouter) {
        this(targets, categories, floors, defaultFloor, rules, tenants, defaultPriority, onPinnedVeto, hysteresis,
                scoring, escalation, privacy, unknownModels, tools, learnedRouter, TaskClassifier.DEFAULT_METHOD);
    }

    /** No learned router. */
    public Policy(List<Target> targets, Map<String, List<String>> categories, Map<String, Double> floors,
            double defaultFloor, List<Rule> rules, List<Tenant> tenants, Priority defaultPriority,
            PinnedVeto onPinnedVeto, Hysteresis hysteresis, Scoring scoring, EscalationPolicy escalation,
            PrivacyRules privacy, UnknownModels unknownModels, ToolSet tools) {
        this(targets, categories, floors, defaultFloor, rules, tenants, defaultPriority, onPinnedVeto, hysteresis,
                scoring, escalation, privacy, unknownModels, tools, null);
    }

    /** No tool targets. */
    public Policy(List<Target> targets, Map<String, List<String>> categories, Map<String, Double> floors,
            double defaultFloor, List<Rule> rules, List<Tenant> tenants, Priority defaultPriority,
            PinnedVeto onPinnedVeto, Hysteresis hysteresis, Scoring scoring, EscalationPolicy escalation,
            PrivacyRules privacy, UnknownModels unknownModels) {
        this(targets, categories, floors, defaultFloor, rules, tenants, defaultPriority, onPinnedVeto, hysteresis,
                scoring, escalation, privacy, unknownModels, ToolSet.NONE);
    }

    /** Unknown model names are routed as {@code auto}. */
    public Policy(List<Target> targets, Map<String, List<String>> categories, Map<String, Double> floors,
            double defaultFloor, List<Rule> rules, List<Tenant> tenants, Priority defaultPriority,
            PinnedVeto onPinnedVeto, Hysteresis hysteresis, Scoring scoring, EscalationPolicy escalation,
            PrivacyRules privacy) {
        this(targets, categories, floors, defaultFloor, rules, tenants, defaultPriority, onPinnedVeto, hysteresis,
                scoring, escalation, privacy, UnknownModels.AUTO);
    }

    /** A policy without providers and operator detectors. */
    public Policy(List<Target> targets, Map<String, List<String>> categories, Map<String, Double> floors,
            double defaultFloor, List<Rule> rules, List<Tenant> tenants, Priority defaultPriority,
            PinnedVeto onPinnedVeto, Hysteresis hysteresis, Scoring scoring) {
        this(targets, categories, floors, defaultFloor, rules, tenants, defaultPriority, onPinnedVeto, hysteresis,
                scoring, EscalationPolicy.none(), PrivacyRules.none());
    }

    public enum PinnedVeto {
        /** Refuse the request with a 4xx naming the reason. */
        REJECT,
        /** Route it as if it had asked for {@code auto}. */
        FALLBACK
    }

    /**
     * Standard clients send model names of their own ({@code gpt-4o-mini}, {@code text-embedding-3-small}): routed
     * as {@code auto} for the task ({@code x-gatehouse-unknown-model} names what was asked), or refused with 404.
     */
    public enum UnknownModels { AUTO, REJECT }

    /**
     * Similar requests stay on the target they went to unless another one beats it by {@code margin}.
     *
     * @param margin     score a challenger must beat the sticky target by
     * @param stickFor   how long a choice stays sticky
     * @param maxBuckets how many similarity buckets the router remembers
     */
    public record Hysteresis(double margin, Duration stickFor, int maxBuckets) {
        public static Hysteresis defaults() {
            return new Hysteresis(0.05, Duration.ofMinutes(10), 4096);
        }
    }

    /**
     * Constants of the score (see {@link Decider}).
     *
     * @param costScaleUsd         a request costing this much loses half its cost weight
     * @param expectedOutputTokens completion length assumed when the request sets no max_tokens
     * @param difficultyFloorBoost how much a difficulty of 1 raises the quality floor
     * @param preferBonus          score added to targets a matching rule prefers
     * @param maxFallbacks         how many fallbacks a decision lists
     */
    public record Scoring(double costScaleUsd, int expectedOutputTokens, double difficultyFloorBoost,
            double preferBonus, int maxFallbacks) {
        public static Scoring defaults() {
            return new Scoring(0.01, 256, 0.2, 0.15, 3);
        }
    }

    public Optional<Target> target(String id) {
        for (Target t : targets) {
            if (t.id().equals(id)) return Optional.of(t);
        }
        return Optional.empty();
    }

    public double floor(String category) {
        return floors.getOrDefault(category, defaultFloor);
    }

    /** The tenant owning an API key (compared by SHA-256), if any. */
    public Optional<Tenant> tenantForKey(String apiKey) {
        if (apiKey == null || apiKey.isBlank() || tenants.isEmpty()) return Optional.empty();
        String hash = sha256(apiKey.strip());
        for (Tenant t : tenants) {
            if (t.apiKeySha256().contains(hash)) return Optional.of(t);
        }
        return Optional.empty();
    }

    public Optional<Tenant> tenant(String id) {
        for (Tenant t : tenants) {
            if (t.id().equals(id)) return Optional.of(t);
        }
        return Optional.empty();
    }

    public Policy withTargets(List<Target> newTargets) {
        return new Policy(newTargets, categories, floors, defaultFloor, rules, tenants, defaultPriority, onPinnedVeto,
                hysteresis, scoring, escalation, privacy, unknownModels, tools, learnedRouter, categoryMethod);
    }

    /**
     * This policy with who may use it replaced: its rules, tenants and escalation gates (the keys file's tenants
     * joined in); every other field kept, so a field added to the policy is never lost on the way.
     */
    public Policy withAccess(List<Rule> newRules, List<Tenant> newTenants, EscalationPolicy newEscalation) {
        return new Policy(targets, categories, floors, defaultFloor, newRules, newTenants, defaultPriority,
                onPinnedVeto, hysteresis, scoring, newEscalation, privacy, unknownModels, tools, learnedRouter,
                categoryMethod);
    }

    /** This policy with the operator's detectors replaced by {@code newPrivacy}; every other field kept. */
    public Policy withPrivacy(PrivacyRules newPrivacy) {
        return new Policy(targets, categories, floors, defaultFloor, rules, tenants, defaultPriority, onPinnedVeto,
                hysteresis, scoring, escalation, newPrivacy, unknownModels, tools, learnedRouter, categoryMethod);
    }

    /** This policy forecasting with {@code router} (its artifact loaded), or without a learned router for null. */
    public Policy withLearnedRouter(LearnedRouter router) {
        return new Policy(targets, categories, floors, defaultFloor, rules, tenants, defaultPriority, onPinnedVeto,
                hysteresis, scoring, escalation, privacy, unknownModels, tools, router, categoryMethod);
    }

    public static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
