package dev.gatehouse.router.routing;

import dev.gatehouse.router.decisionlog.DecisionLog;
import dev.gatehouse.router.decisionlog.Outcome;
import dev.gatehouse.router.features.ChatInput;
import dev.gatehouse.router.features.FeatureExtractor;
import dev.gatehouse.router.features.RequestFeatures;
import dev.gatehouse.router.policy.Decider;
import dev.gatehouse.router.policy.Decision;
import dev.gatehouse.router.policy.Policy;
import java.util.Objects;

/**
 * The routing shell around the pure decision: features from the request, a capacity snapshot, {@link Decider#decide},
 * then the effects (remember the choice for hysteresis, measure speed, write the decision log).
 */
public final class RequestRouter {

    private final Policy policy;
    private final FeatureExtractor extractor;
    private final CapacityTracker capacity;
    private final DecisionLog log;

    /**
     * @param log null to keep no decision log
     */
    public RequestRouter(Policy policy, FeatureExtractor extractor, CapacityTracker capacity, DecisionLog log) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.extractor = Objects.requireNonNull(extractor, "extractor");
        this.capacity = Objects.requireNonNull(capacity, "capacity");
        this.log = log;
    }

    public Policy policy() {
        return policy;
    }

    public RequestFeatures features(ChatInput input) {
        return extractor.extract(input);
    }

    /** Decides for a request that will be served: the choice becomes sticky for similar requests. */
    public Decision decide(RequestFeatures features) {
        Decision decision = Decider.decide(features, capacity.snapshot(), policy);
        capacity.remember(decision);
        return decision;
    }

    /** Decides without serving ({@code /v1/route}): nothing is remembered. */
    public Decision dryRun(RequestFeatures features) {
        return Decider.decide(features, capacity.snapshot(), policy);
    }

    /** The keyed hash the log writes instead of the prompt, or null without a log. */
    public String promptHash(ChatInput input) {
        return log == null ? null : log.hash(input.conversationText());
    }

    /** After the response: measure the target's speed and write the decision log line. */
    public void finished(Decision decision, Outcome outcome, String promptHash) {
        if (outcome.servedBy() != null && outcome.generationNanos() > 0) {
            capacity.measured(outcome.servedBy(), outcome.completionTokens(), outcome.generationNanos());
        }
        if (log != null) {
            log.append(decision, outcome, promptHash);
        }
    }
}
