package dev.gatehouse.router.policy;

import dev.gatehouse.manifest.yaml.YamlNode;
import dev.gatehouse.router.features.Priority;
import dev.gatehouse.router.privacy.DataClass;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Reads the {@code rules} list; every target a rule names must be a target of the policy or a selector. */
final class RuleReader {

    static final List<String> KEYS = List.of("name", "when", "prefer", "require", "forbid", "review");
    static final List<String> WHEN_KEYS = List.of("category", "difficulty", "dataClass", "tenant", "tenantTier",
            "promptTokens", "priority");

    private RuleReader() {}

    static List<Rule> read(List<YamlNode> nodes, Set<String> targetIds, Set<String> categories) {
        List<Rule> rules = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (YamlNode n : nodes) {
            n.rejectUnknownKeys(KEYS);
            String name = n.string("name");
            if (name == null && !n.has("name")) n.violation("name", "is required");
            if (name != null && !names.add(name)) n.violation("name", "'" + name + "' is used by another rule");
            Rule.When when = when(n.mapping("when"), categories);
            List<String> prefer = targets(n, "prefer", targetIds);
            List<String> require = targets(n, "require", targetIds);
            List<String> forbid = targets(n, "forbid", targetIds);
            Rule.Review review = review(n, targetIds);
            if (prefer.isEmpty() && require.isEmpty() && forbid.isEmpty() && review == null) {
                n.violation(null, "a rule needs at least one of prefer, require, forbid, review");
            }
            if (name != null) rules.add(new Rule(name, when, prefer, require, forbid, review));
        }
        return rules;
    }

    private static List<String> targets(YamlNode n, String key, Set<String> targetIds) {
        List<String> names = n.strings(key);
        for (int i = 0; i < names.size(); i++) {
            String s = names.get(i);
            if (!Rule.isSelector(s) && !targetIds.contains(s)) {
                n.violations().add(new dev.gatehouse.manifest.Violation(n.path(key) + "[" + i + "]", "'" + s
                        + "' is neither a target of this policy nor a selector (local, remote, tier:NAME, "
                        + "provider:ID); targets: " + PolicyReader.sorted(targetIds)));
            }
        }
        return names;
    }

    /** {@code review: true}, or {@code review: {targets: [...], expiresAfter: 30m}}; absent or false: none. */
    private static Rule.Review review(YamlNode n, Set<String> targetIds) {
        com.fasterxml.jackson.databind.JsonNode value = n.get("review");
        if (value == null || value.isNull()) return null;
        if (value.isBoolean()) return value.booleanValue() ? new Rule.Review(List.of(), null) : null;
        YamlNode r = n.mapping("review");
        if (r == null) return null; // the violation says it must be a mapping
        r.rejectUnknownKeys(List.of("targets", "expiresAfter"));
        List<String> targets = targets(r, "targets", targetIds);
        java.time.Duration expiry = r.duration("expiresAfter");
        if (expiry != null && (expiry.isZero() || expiry.isNegative())) {
            r.violation("expiresAfter", "must be positive, was " + expiry);
            expiry = null;
        }
        return new Rule.Review(targets, expiry); // null: the server's review.defaultExpiry
    }

    private static Rule.When when(YamlNode n, Set<String> categories) {
        if (n == null) return Rule.When.always();
        n.rejectUnknownKeys(WHEN_KEYS);
        List<String> cats = n.strings("category");
        for (int i = 0; i < cats.size(); i++) {
            if (!categories.contains(cats.get(i))) {
                n.violations().add(new dev.gatehouse.manifest.Violation(n.path("category") + "[" + i + "]",
                        "unknown category '" + cats.get(i) + "', expected one of " + PolicyReader.sorted(categories)));
            }
        }
        Double[] difficulty = range(n, "difficulty", 0, 1);
        Double[] tokens = range(n, "promptTokens", 0, 1 << 24);
        return new Rule.When(Set.copyOf(cats), difficulty[0], difficulty[1],
                Set.copyOf(n.enums("dataClass", DataClass.class)), Set.copyOf(n.strings("tenant")),
                Set.copyOf(n.strings("tenantTier")), tokens[0] == null ? null : tokens[0].intValue(),
                tokens[1] == null ? null : tokens[1].intValue(), Set.copyOf(n.enums("priority", Priority.class)));
    }

    private static Double[] range(YamlNode parent, String key, double min, double max) {
        YamlNode n = parent.mapping(key);
        if (n == null) return new Double[2];
        n.rejectUnknownKeys(List.of("min", "max"));
        Double lo = n.number("min", min, max);
        Double hi = n.number("max", min, max);
        if (lo != null && hi != null && lo > hi) n.violation("min", "must not exceed max (" + hi + "), was " + lo);
        return new Double[] {lo, hi};
    }
}
