package dev.gatehouse.router.policy;

import dev.gatehouse.router.features.RequestFeatures;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The policy's {@code learnedRouter:} section: a kNN router artifact ({@code train-router --feedback}) that forecasts
 * each target's success from the request's routing embedding, so the decision picks the cheapest target expected to
 * succeed ({@link CheapestAdequate}). It is part of the policy, so a retrained artifact reaches traffic the way any
 * policy change does: as the {@code rollout:} or {@code shadow:} candidate first, never swapped in place.
 *
 * <pre>
 * learnedRouter:
 *   artifact: router-candidate.json   # relative to the policy file; absent at a cold start
 *   successBar: 0.7                   # optional; the artifact's own bar without it
 *   explore: 0.05                     # optional, 0..0.5: share of auto requests sent to another allowed target
 * </pre>
 *
 * Exploration exists because feedback only describes the target that served: a router that always sends a kind of
 * prompt to the strongest target never learns whether a cheaper one would do. With {@code explore} alone (no
 * artifact yet) the policy's own choice is explored, so the first artifact has something to learn from
 * ({@link ExplorationDraw}).
 *
 * {@link PolicyReader} reads the section; the artifact itself is loaded when the policy is completed for serving
 * ({@code learning.LearnedRouterArtifact}), because the policy package cannot depend on the learning package.
 *
 * @param artifact   the artifact file, resolved against the policy file's folder, or null: explore without one
 * @param successBar the expected success that counts as "expected to succeed", or NaN for the artifact's own
 * @param explore    the share of {@code auto} decisions sent to another allowed target, 0 for none
 * @param predictor  the loaded artifact, or null until it is loaded (and always without an artifact)
 */
public record LearnedRouter(Path artifact, double successBar, double explore, Predictor predictor) {

    /** The most a policy may explore: beyond it, exploring costs more quality than the learning is worth. */
    public static final double MAX_EXPLORE = 0.5;

    /** A loaded artifact: each target's expected success for one routing embedding. */
    @FunctionalInterface
    public interface Predictor {
        SuccessForecast forecast(float[] embedding);
    }

    /** An artifact without exploration. */
    public LearnedRouter(Path artifact, double successBar, Predictor predictor) {
        this(artifact, successBar, 0, predictor);
    }

    public LearnedRouter {
        if (artifact == null && !(explore > 0)) {
            throw new IllegalArgumentException("a learned router needs an artifact, or explore > 0 to start without one");
        }
        if (!(explore >= 0 && explore <= MAX_EXPLORE)) {
            throw new IllegalArgumentException("explore must be within 0.." + MAX_EXPLORE + ", was " + explore);
        }
        if (!Double.isNaN(successBar) && !(successBar >= 0 && successBar <= 1)) {
            throw new IllegalArgumentException("successBar must be within 0..1, was " + successBar);
        }
    }

    /** Ready to serve: its artifact loaded, or none to load. */
    public boolean loaded() {
        return predictor != null || artifact == null;
    }

    public LearnedRouter loadedAs(Predictor loaded) {
        return new LearnedRouter(artifact, successBar, explore, Objects.requireNonNull(loaded, "loaded"));
    }

    /** The share of {@code policy}'s auto decisions explored: 0 without a learned router section. */
    public static double exploreShare(Policy policy) {
        return policy.learnedRouter() == null ? 0 : policy.learnedRouter().explore();
    }

    /**
     * The forecast {@code policy}'s decision on {@code features} consults: none without a learned router, and none
     * for a request whose features carry no embedding (the decision then cannot read the text, see
     * {@link EmbeddingNeed}). Computed by the routing shell and handed to {@link Decider}, which stays pure.
     *
     * @throws IllegalStateException when the policy was never completed for serving (its artifact is not loaded)
     */
    public static SuccessForecast forecast(Policy policy, RequestFeatures features) {
        LearnedRouter router = policy.learnedRouter();
        if (router == null || router.artifact() == null || features.embedding() == null) return SuccessForecast.NONE;
        if (!router.loaded()) {
            throw new IllegalStateException("learnedRouter artifact " + router.artifact() + " was never loaded: "
                    + "the policy must be completed for serving first");
        }
        return router.predictor().forecast(features.embedding());
    }
}
