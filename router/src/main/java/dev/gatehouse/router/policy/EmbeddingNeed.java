package dev.gatehouse.router.policy;

/**
 * Whether the decision for a request can depend on the features read from the prompt's embedding (the task category
 * and the difficulty), decided from the policy and what the request named before any text is read. When it cannot,
 * the feature extractor skips the embedding: the same target, the same fallbacks, for a fraction of the cost.
 *
 * <p>Follows {@link Decider}: a pinned target stays unless a vetoing gate rejects it, and only rules read category
 * and difficulty among those gates; what else reads them is the ranking of the other targets (the pin's fallbacks,
 * whose order can change only when there are two or more) and the {@code auto} route a vetoed pin may fall back to.
 * A change to what the decision reads must change this function too ({@code EmbeddingNeedTest} checks the decisions
 * agree).
 *
 * @param needed whether to compute the embedding
 * @param why    the reason, for logs and the features' difficulty note
 */
public record EmbeddingNeed(boolean needed, String why) {

    /** @param pinnedModel the target the request named, or null for {@code auto} */
    public static EmbeddingNeed of(Policy policy, String pinnedModel) {
        String rule = vetoingRuleReadingTheText(policy);
        if (rule != null) {
            return new EmbeddingNeed(true, "rule '" + rule + "' vetoes targets by category or difficulty");
        }
        if (pinnedModel == null && policy.learnedRouter() != null
                && policy.learnedRouter().artifact() != null && policy.targets().size() > 1) {
            return new EmbeddingNeed(true, "auto: learnedRouter forecasts each target's success from the embedding");
        }
        if (pinnedModel == null) {
            return policy.targets().size() > 1
                    ? new EmbeddingNeed(true, "auto: " + policy.targets().size() + " targets ranked by category and difficulty")
                    : new EmbeddingNeed(false, "auto with " + policy.targets().size() + " target: nothing to choose between");
        }
        if (policy.target(pinnedModel).isEmpty()) {
            return new EmbeddingNeed(false, "'" + pinnedModel + "' is not a target: refused whatever the text");
        }
        if (policy.onPinnedVeto() == Policy.PinnedVeto.FALLBACK) {
            return new EmbeddingNeed(true, "a vetoed pin is routed as auto (onPinnedVeto: fallback)");
        }
        int others = policy.targets().size() - 1;
        if (others >= 2 && policy.scoring().maxFallbacks() > 0) {
            return new EmbeddingNeed(true, "the " + others + " other targets are ranked as fallbacks by category and "
                    + "difficulty");
        }
        if (others == 1 && policy.scoring().maxFallbacks() > 0) {
            Target other = policy.targets().stream().filter(t -> !t.id().equals(pinnedModel)).findFirst().orElseThrow();
            if (lowestQuality(other) < highestFloor(policy)) {
                return new EmbeddingNeed(true, other.id() + " stands in for the pin only at the request's quality "
                        + "floor, which depends on category and difficulty");
            }
        }
        return new EmbeddingNeed(false, "pinned to " + pinnedModel + ": no rule, floor or ranking reads the text's "
                + "category or difficulty");
    }

    /** The first rule that rejects targets under a condition on category or difficulty, or null. */
    private static String vetoingRuleReadingTheText(Policy policy) {
        for (Rule rule : policy.rules()) {
            Rule.When when = rule.when();
            boolean readsText = !when.categories().isEmpty() || when.minDifficulty() != null
                    || when.maxDifficulty() != null;
            boolean vetoes = !rule.forbid().isEmpty() || !rule.require().isEmpty();
            if (readsText && vetoes) return rule.name();
        }
        return null;
    }

    /** The highest floor any request can meet: the highest category floor raised by the full difficulty boost. */
    private static double highestFloor(Policy policy) {
        double floor = policy.floors().values().stream().mapToDouble(Double::doubleValue).max().orElse(0);
        return Math.min(1.0, Math.max(floor, policy.defaultFloor()) + policy.scoring().difficultyFloorBoost());
    }

    private static double lowestQuality(Target t) {
        return Math.min(t.defaultQuality(), t.quality().values().stream().mapToDouble(Double::doubleValue).min()
                .orElse(t.defaultQuality()));
    }
}
