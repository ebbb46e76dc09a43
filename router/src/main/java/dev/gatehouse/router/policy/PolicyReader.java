package dev.gatehouse.router.policy;

import dev.gatehouse.manifest.ConfigException;
import dev.gatehouse.manifest.Violation;
import dev.gatehouse.manifest.yaml.YamlDocument;
import dev.gatehouse.manifest.yaml.YamlNode;
import dev.gatehouse.router.features.Priority;
import dev.gatehouse.router.features.TaskClassifier;
import dev.gatehouse.router.tools.ToolSet;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads {@code policy.yaml} into a validated {@link Policy}, reporting every broken rule at once with its key path
 * ({@code targets[1].quality.coding: must be between 0.0 and 1.0, was 1.5}).
 */
public final class PolicyReader {

    /** The policy shipped in the jar, used when no policy file is configured. */
    public static final String DEFAULT_RESOURCE = "/dev/gatehouse/router/policy/default-policy.yaml";

    private static final List<String> TOP_KEYS = List.of("targets", "rules", "floors", "categories", "tenants",
            "priority", "onPinnedVeto", "hysteresis", "scoring", "providers", "budgets", "escalation", "privacy",
            "localCostPer1k", "unknownModels", "tools", "categoryExamples", "categoryMethod", "learnedRouter",
            "shadow", "rollout"); // read by rollout.TrialReader: policies tried beside this one
    private static final Pattern CATEGORY_NAME = Pattern.compile("[a-z][a-z0-9_-]*");

    private PolicyReader() {}

    public static Policy read(Path file) {
        return read(file, Map.of());
    }

    /** @param env where {@code providers[].apiKeyEnv} names are looked up (the process environment in serve) */
    public static Policy read(Path file, Map<String, String> env) {
        return parse(YamlDocument.read(file), env);
    }

    public static Policy defaults() {
        try (InputStream in = PolicyReader.class.getResourceAsStream(DEFAULT_RESOURCE)) {
            if (in == null) throw new IllegalStateException("the jar lacks " + DEFAULT_RESOURCE);
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "built-in default policy");
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + DEFAULT_RESOURCE, e);
        }
    }

    public static Policy parse(String yaml, String source) {
        return parse(yaml, source, Map.of());
    }

    public static Policy parse(String yaml, String source, Map<String, String> env) {
        return parse(YamlDocument.parse(yaml, source), env);
    }

    private static Policy parse(YamlDocument document, Map<String, String> env) {
        String source = document.source();
        if (!document.isEmpty() && !document.isMapping()) {
            throw new ConfigException(source, List.of(new Violation("(document)", "must be a mapping with keys "
                    + TOP_KEYS + ", was " + document.describeRoot())));
        }
        List<Violation> violations = new ArrayList<>();
        YamlNode top = document.top(violations);
        top.rejectUnknownKeys(TOP_KEYS);
        // without a categories key the built-in examples apply; with one, it replaces them
        Map<String, List<String>> categories = top.has("categories") ? categories(top) : defaults().categories();
        categories = withExampleFiles(categories, top, source, violations);
        Set<String> knownCategories = new HashSet<>(categories.keySet());
        knownCategories.add(TaskClassifier.GENERAL);
        List<YamlNode> targetNodes = top.mappings("targets");
        // providers first: whether a target is local depends on whether its pool is on premises
        EscalationPolicy escalation = PoolTargetReader.join(EscalationReader.read(top, env), targetNodes, env);
        List<Target> targets = TargetReader.read(targetNodes, escalation.onPremisesPools());
        checkUniqueIds(targets, violations);
        targets = ProviderTargets.complete(targets, escalation, violations);
        PrivacyRules privacy = PrivacyRulesReader.read(top.mapping("privacy"));
        Set<String> ids = new HashSet<>();
        targets.forEach(t -> ids.add(t.id()));
        Map<String, Double> floors = top.numbers("floors", 0, 1);
        double defaultFloor = floors.getOrDefault("default", 0.0);
        floors.remove("default");
        for (String category : floors.keySet()) {
            if (!knownCategories.contains(category)) {
                violations.add(new Violation("floors." + category, "unknown category, expected one of "
                        + sorted(knownCategories) + " or default"));
            }
        }
        List<Rule> rules = RuleReader.read(top.mappings("rules"), ids, knownCategories);
        List<Tenant> tenants = TenantReader.read(top.mappings("tenants"));
        Priority priority = top.has("priority") ? top.enumValue("priority", Priority.class) : Priority.BALANCED;
        Policy.PinnedVeto veto = top.has("onPinnedVeto") ? top.enumValue("onPinnedVeto", Policy.PinnedVeto.class)
                : Policy.PinnedVeto.REJECT;
        Policy.UnknownModels unknownModels = top.has("unknownModels")
                ? top.enumValue("unknownModels", Policy.UnknownModels.class) : Policy.UnknownModels.AUTO;
        Policy.Hysteresis hysteresis = hysteresis(top.mapping("hysteresis"));
        Policy.Scoring scoring = scoring(top.mapping("scoring"));
        ToolSet tools = ToolSetReader.read(top.mapping("tools"), ids);
        LearnedRouter learnedRouter = learnedRouter(top.mapping("learnedRouter"), source);
        TaskClassifier.Method categoryMethod = top.has("categoryMethod")
                ? top.enumValue("categoryMethod", TaskClassifier.Method.class) : TaskClassifier.DEFAULT_METHOD;
        if (!violations.isEmpty()) {
            throw new ConfigException(source, violations);
        }
        return new Policy(targets, categories, floors, defaultFloor, rules, tenants, priority, veto, hysteresis,
                scoring, escalation, privacy, unknownModels, tools, learnedRouter, categoryMethod);
    }

    /**
     * The {@code learnedRouter:} section, its artifact path resolved against the policy file's folder; not loaded.
     * {@code explore} alone (no artifact) is the cold start: the policy's own choices are explored.
     */
    private static LearnedRouter learnedRouter(YamlNode node, String source) {
        if (node == null) return null;
        node.rejectUnknownKeys(List.of("artifact", "successBar", "explore"));
        String artifact = node.string("artifact");
        Double bar = node.number("successBar", 0, 1);
        Double explore = node.number("explore", 0, LearnedRouter.MAX_EXPLORE);
        double share = explore == null ? 0 : explore;
        if (artifact == null) {
            if (!node.has("artifact") && !(share > 0)) {
                node.violation("artifact", "is required: the kNN router file train-router wrote (or explore > 0 "
                        + "alone, to collect feedback before the first one)");
            }
            if (node.has("artifact") || !(share > 0)) return null;
            return new LearnedRouter(null, bar == null ? Double.NaN : bar, share, null);
        }
        try {
            return new LearnedRouter(policyFolder(source).resolve(artifact), bar == null ? Double.NaN : bar, share,
                    null);
        } catch (java.nio.file.InvalidPathException e) {
            node.violation("artifact", "is not a file path: " + e.getReason());
            return null;
        }
    }

    private static Map<String, List<String>> categories(YamlNode top) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        YamlNode map = top.mapping("categories");
        if (map == null) return out;
        for (String name : map.keys()) {
            if (!CATEGORY_NAME.matcher(name).matches()) {
                map.violation(name, "a category name is lower-case letters, digits, '-' and '_'");
                continue;
            }
            List<String> examples = map.strings(name);
            if (examples.isEmpty() && map.get(name).isArray()) {
                map.violation(name, "must list at least one example prompt");
            } else if (!examples.isEmpty()) {
                out.put(name, examples);
            }
        }
        return out;
    }

    /**
     * The operator's example files ({@code categoryExamples:}, paths relative to the policy file's folder) added to
     * the policy's own examples; a category only the files name becomes a category of the policy.
     */
    private static Map<String, List<String>> withExampleFiles(Map<String, List<String>> categories, YamlNode top,
            String source, List<Violation> violations) {
        if (!top.has("categoryExamples")) return categories;
        List<String> entries = top.strings("categoryExamples");
        Path base = policyFolder(source);
        List<Path> paths = entries.stream().map(e -> base.resolve(e)).toList();
        var added = dev.gatehouse.router.features.CategoryExampleFiles.read("categoryExamples", paths, violations);
        Map<String, List<String>> out = new LinkedHashMap<>();
        categories.forEach((k, v) -> out.put(k, new ArrayList<>(v)));
        added.forEach((k, v) -> out.computeIfAbsent(k, x -> new ArrayList<>()).addAll(v));
        return out;
    }

    /** The folder of the policy file the source names, or the working folder for a policy that is no file. */
    private static Path policyFolder(String source) {
        try {
            Path p = Path.of(source);
            return Files.isRegularFile(p) ? p.toAbsolutePath().getParent() : Path.of("");
        } catch (java.nio.file.InvalidPathException e) {
            return Path.of("");
        }
    }

    private static void checkUniqueIds(List<Target> targets, List<Violation> violations) {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < targets.size(); i++) {
            if (!seen.add(targets.get(i).id())) {
                violations.add(new Violation("targets[" + i + "].id", "'" + targets.get(i).id()
                        + "' is declared twice; target ids must be unique"));
            }
        }
    }

    private static Policy.Hysteresis hysteresis(YamlNode node) {
        Policy.Hysteresis d = Policy.Hysteresis.defaults();
        if (node == null) return d;
        node.rejectUnknownKeys(List.of("margin", "stickFor", "maxBuckets"));
        Double margin = node.number("margin", 0, 10);
        Duration stickFor = node.duration("stickFor");
        Integer max = node.integer("maxBuckets", 0, 10_000_000);
        return new Policy.Hysteresis(margin == null ? d.margin() : margin, stickFor == null ? d.stickFor() : stickFor,
                max == null ? d.maxBuckets() : max);
    }

    private static Policy.Scoring scoring(YamlNode node) {
        Policy.Scoring d = Policy.Scoring.defaults();
        if (node == null) return d;
        node.rejectUnknownKeys(List.of("costScaleUsd", "expectedOutputTokens", "difficultyFloorBoost",
                "preferBonus", "maxFallbacks"));
        Double cost = node.number("costScaleUsd", 1e-9, 1e6);
        Integer out = node.integer("expectedOutputTokens", 1, 1 << 20);
        Double boost = node.number("difficultyFloorBoost", 0, 1);
        Double prefer = node.number("preferBonus", 0, 10);
        Integer fallbacks = node.integer("maxFallbacks", 0, 100);
        return new Policy.Scoring(cost == null ? d.costScaleUsd() : cost,
                out == null ? d.expectedOutputTokens() : out, boost == null ? d.difficultyFloorBoost() : boost,
                prefer == null ? d.preferBonus() : prefer, fallbacks == null ? d.maxFallbacks() : fallbacks);
    }

    static List<String> sorted(Set<String> names) {
        return names.stream().sorted().toList();
    }
}
