package dev.gatehouse.router.shadow;

import dev.gatehouse.router.features.RequestFeatures;
import dev.gatehouse.router.policy.CapacitySnapshot;
import dev.gatehouse.router.policy.Decider;
import dev.gatehouse.router.policy.Decision;
import dev.gatehouse.router.policy.LearnedRouter;
import dev.gatehouse.router.policy.Policy;
import dev.gatehouse.router.tools.ToolMatches;

/**
 * A shadow policy's decision for a request the live policy decides: the same features (no second extraction, no
 * second embedding) and the same capacity snapshot, decided by the pure {@link Decider}, so it costs one decision's
 * arithmetic and can never serve, count or be remembered. The shadow's own tools are asked about the question (the
 * caller finds them, as it does for the deciding arm), so a candidate that differs from live only in {@code tools:}
 * shows its tool choice.
 */
public final class ShadowDecider {

    private ShadowDecider() {}

    /**
     * {@code served} with the shadow's decision beside it, or unchanged without a shadow policy.
     *
     * @param shadowTools the shadow policy's tools that understood the whole question ({@link ToolMatches#NONE}
     *                    when it declares none)
     */
    public static Decision beside(Decision served, String arm, RequestFeatures features, CapacitySnapshot snapshot,
            Policy shadow, ToolMatches shadowTools) {
        // the shadow's own learned router forecasts for it: a retrained artifact is judged beside the live one
        Decision shadowDecision = shadow == null ? null
                : Decider.decide(features, snapshot, shadow, shadowTools, LearnedRouter.forecast(shadow, features));
        if (arm == null && shadowDecision == null) return served;
        return served.withTrial(arm, shadowDecision);
    }

    /** Whether the shadow would have sent the request elsewhere (a refusal is a target of its own). */
    public static boolean differs(Decision served) {
        Decision shadow = served.shadow();
        return shadow != null && !java.util.Objects.equals(shadow.target(), served.target());
    }
}
