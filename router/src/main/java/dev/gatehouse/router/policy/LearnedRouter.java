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
 *   artifact: router-candidate.json   # relative to the policy file
 *   successBar: 0.7                   # optional; the artifact's own bar without it
 * </pre>
 *
 * {@link PolicyReader} reads the section; the artifact itself is loaded when the policy is completed for serving
 * ({@code learning.LearnedRouterArtifact}), because the policy package cannot depend on the learning package.
 *
 * @param artifact   the artifact file, resolved against the policy file's folder
 * @param successBar the expected success that counts as "expected to succeed", or NaN for the artifact's own
 * @param predictor  the loaded artifact, or null until it is loaded
 */
public record LearnedRouter(Path artifact, double successBar, Predictor predictor) {

    /** A loaded artifact: each target's expected success for one routing embedding. */
    @FunctionalInterface
    public interface Predictor {
        SuccessForecast forecast(float[] embedding);
    }

    public LearnedRouter {
        Objects.requireNonNull(artifact, "artifact");
        if (!Double.isNaN(successBar) && !(successBar >= 0 && successBar <= 1)) {
            throw new IllegalArgumentException("successBar must be within 0..1, was " + successBar);
        }
    }

    public boolean loaded() {
        return predictor != null;
    }

    public LearnedRouter loadedAs(Predictor loaded) {
        return new LearnedRouter(artifact, successBar, Objects.requireNonNull(loaded, "loaded"));
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
        if (router == null || features.embedding() == null) return SuccessForecast.NONE;
        if (!router.loaded()) {
            throw new IllegalStateException("learnedRouter artifact " + router.artifact() + " was never loaded: "
                    + "the policy must be completed for serving first");
        }
        return router.predictor().forecast(features.embedding());
    }
}
