package dev.gatehouse.router.policy;

import dev.gatehouse.router.features.Priority;
import dev.gatehouse.router.features.RequestFeatures;
import dev.gatehouse.router.privacy.DataClass;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** A policy with three local models and one cloud model, and the snapshots and requests the table tests vary. */
final class PolicyFixtures {

    static final Instant NOW = Instant.parse("2025-01-01T12:00:00Z");

    static final String YAML = """
            targets:
              - id: small
                tier: small
                quality: {default: 0.4, chit-chat: 0.7}
                tokensPerSecond: 80
              - id: medium
                tier: medium
                quality: {default: 0.65}
                tokensPerSecond: 30
              - id: large
                tier: large
                quality: {default: 0.85}
                tokensPerSecond: 12
              - id: openai/gpt-4o
                tier: large
                quality: {default: 0.95}
                dataClasses: [public, internal]
                costPer1kInput: 0.0025
                costPer1kOutput: 0.01
                tokensPerSecond: 80
            floors:
              default: 0.3
              coding: 0.6
            rules:
              - name: free-tier-stays-local
                when: {tenantTier: [free]}
                require: [local]
              - name: summaries-prefer-medium
                when: {category: [summarization]}
                prefer: [medium]
            tenants:
              - id: acme
                tier: free
                apiKeys: [acme-key]
            categories:
              coding: [write a function]
              summarization: [summarize this]
              chit-chat: [hello]
              general: [anything]
            """;

    static Policy policy() {
        return PolicyReader.parse(YAML, "fixture");
    }

    static Policy policy(String extraYaml) {
        return PolicyReader.parse(YAML + extraYaml, "fixture");
    }

    /** Every target loaded and idle. */
    static CapacitySnapshot idle() {
        Map<String, TargetCapacity> targets = new HashMap<>();
        targets.put("small", TargetCapacity.idle("small", 2, 0).withContext(4096));
        targets.put("medium", TargetCapacity.idle("medium", 2, 0).withContext(8192));
        targets.put("large", TargetCapacity.idle("large", 1, 0).withContext(8192));
        targets.put("openai/gpt-4o", TargetCapacity.idle("openai/gpt-4o", 64, 0));
        return new CapacitySnapshot(NOW, targets, Map.of());
    }

    static CapacitySnapshot localOnly() {
        Map<String, TargetCapacity> targets = new HashMap<>(idle().targets());
        targets.remove("openai/gpt-4o");
        return new CapacitySnapshot(NOW, targets, Map.of());
    }

    static RequestFeatures request(String category, double difficulty) {
        return RequestFeatures.of(category, difficulty, DataClass.PUBLIC, 200);
    }

    static RequestFeatures request(String category, double difficulty, DataClass dataClass, Priority priority) {
        return RequestFeatures.of(category, difficulty, dataClass, 200).withPriority(priority);
    }

    private PolicyFixtures() {}
}
