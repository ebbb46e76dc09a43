package dev.gatehouse.router.policy;

import dev.gatehouse.router.features.Priority;
import dev.gatehouse.router.features.RequestFeatures;
import dev.gatehouse.router.privacy.DataClass;
import java.util.List;
import java.util.Set;

/**
 * "When a request looks like this, prefer / require / forbid these targets." Target lists hold target ids or
 * selectors: {@code local}, {@code remote}, {@code tier:small|medium|large}, {@code provider:ID}.
 *
 * @param prefer  matching targets get the policy's prefer bonus in scoring
 * @param require targets that match none of these are rejected
 * @param forbid  targets that match any of these are rejected
 * @param review  when set, a request this rule applies to waits for a person's approval instead of being answered;
 *                null for none
 */
public record Rule(String name, When when, List<String> prefer, List<String> require, List<String> forbid,
                   Review review) {

    public Rule {
        prefer = List.copyOf(prefer);
        require = List.copyOf(require);
        forbid = List.copyOf(forbid);
    }

    public Rule(String name, When when, List<String> prefer, List<String> require, List<String> forbid) {
        this(name, when, prefer, require, forbid, null);
    }

    /**
     * Hold the request for human review (the review lane) instead of answering it.
     *
     * @param targets      only when the decided target matches one of these ids or selectors; empty: whatever it is
     * @param expiresAfter how long the request waits for a decision before it expires; null for the server's
     *                     {@code review.defaultExpiry}
     */
    public record Review(List<String> targets, java.time.Duration expiresAfter) {
        public Review {
            targets = List.copyOf(targets);
        }
    }

    /**
     * The first rule, in policy order, that sends a decided request to review: it applies to the request's features
     * and, when it names targets, the decision's target is one of them. Empty for a refusal (nothing to approve) or
     * when no such rule fires. Pure.
     */
    public static java.util.Optional<Rule> reviewing(Policy policy, Decision decision) {
        if (decision.refused()) return java.util.Optional.empty();
        RequestFeatures f = decision.features();
        String tenantTier = f.request().tenant() == null ? null
                : policy.tenant(f.request().tenant()).map(Tenant::tier).orElse(null);
        Target chosen = policy.target(decision.target()).orElse(null);
        for (Rule rule : policy.rules()) {
            if (rule.review() == null || !rule.when().matches(f, tenantTier)) continue;
            if (rule.review().targets().isEmpty()
                    || chosen != null && selectsAny(rule.review().targets(), chosen)
                    || rule.review().targets().contains(decision.target())) {
                return java.util.Optional.of(rule);
            }
        }
        return java.util.Optional.empty();
    }

    /**
     * Conditions, all of which must hold; an empty set or a null bound means "any".
     */
    public record When(
            Set<String> categories,
            Double minDifficulty,
            Double maxDifficulty,
            Set<DataClass> dataClasses,
            Set<String> tenants,
            Set<String> tenantTiers,
            Integer minPromptTokens,
            Integer maxPromptTokens,
            Set<Priority> priorities) {

        public When {
            categories = Set.copyOf(categories);
            dataClasses = Set.copyOf(dataClasses);
            tenants = Set.copyOf(tenants);
            tenantTiers = Set.copyOf(tenantTiers);
            priorities = Set.copyOf(priorities);
        }

        public static When always() {
            return new When(Set.of(), null, null, Set.of(), Set.of(), Set.of(), null, null, Set.of());
        }

        boolean matches(RequestFeatures f, String tenantTier) {
            return (categories.isEmpty() || categories.contains(f.category()))
                    && (minDifficulty == null || f.difficulty() >= minDifficulty)
                    && (maxDifficulty == null || f.difficulty() <= maxDifficulty)
                    && (dataClasses.isEmpty() || dataClasses.contains(f.dataClass()))
                    && (tenants.isEmpty() || f.request().tenant() != null && tenants.contains(f.request().tenant()))
                    && (tenantTiers.isEmpty() || tenantTier != null && tenantTiers.contains(tenantTier))
                    && (minPromptTokens == null || f.promptTokens() >= minPromptTokens)
                    && (maxPromptTokens == null || f.promptTokens() <= maxPromptTokens)
                    && (priorities.isEmpty() || priorities.contains(f.request().priority()));
        }
    }

    /** Whether a target id or selector names the target. */
    static boolean selects(String selector, Target t) {
        return switch (selector) {
            case "local" -> t.local();
            case "remote" -> !t.local();
            default -> {
                if (selector.startsWith("tier:")) {
                    yield t.tier().name().equalsIgnoreCase(selector.substring(5));
                }
                if (selector.startsWith("provider:")) {
                    yield selector.substring(9).equals(t.provider());
                }
                yield selector.equals(t.id());
            }
        };
    }

    static boolean selectsAny(List<String> selectors, Target t) {
        for (String s : selectors) {
            if (selects(s, t)) return true;
        }
        return false;
    }

    static boolean isSelector(String text) {
        return text.equals("local") || text.equals("remote") || text.startsWith("tier:") || text.startsWith("provider:");
    }

    /** The names of the rules of {@code policy} that apply to a request with these features, in policy order. */
    public static List<String> firedBy(Policy policy, RequestFeatures f) {
        String tenantTier = f.request().tenant() == null ? null
                : policy.tenant(f.request().tenant()).map(Tenant::tier).orElse(null);
        return policy.rules().stream().filter(rule -> rule.when().matches(f, tenantTier)).map(Rule::name).toList();
    }
}
