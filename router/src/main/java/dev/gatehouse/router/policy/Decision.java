package dev.gatehouse.router.policy;

import dev.gatehouse.router.features.RequestFeatures;
import java.util.List;
import java.util.Objects;

/**
 * The outcome of {@link Decider#decide}: where the request goes, where it goes next if that fails, and why, with
 * everything the decision saw (features without prompt text, the capacity snapshot).
 *
 * @param id                 the request id
 * @param target             the chosen target, or null when the request is refused
 * @param fallbacks          next best eligible targets, best first
 * @param reasons            why the target was chosen (or why nothing was)
 * @param rejected           every candidate that was ruled out, with its reason
 * @param ranking            the scored candidates, best first (at most a few, for explanations)
 * @param estimatedCostUsd   of the chosen target, 0 when refused
 * @param estimatedLatencyMs of the chosen target, 0 when refused
 * @param bucket             similarity bucket the choice is remembered under (hysteresis)
 * @param cascadeTo          the provider target to escalate to when the chosen local answer fails the cascade's
 *                           quality gate; null = no cascade
 * @param arm                which policy of a rollout decided ({@code live} or {@code candidate}); null without a
 *                           rollout
 * @param shadow             what the shadow policy would have decided for the same features and capacity, never
 *                           served; null without a shadow policy
 * @param exploration        whether exploration sent the request elsewhere and with what probability; null when the
 *                           policy does not explore (or the request named its model)
 */
public record Decision(
        String id,
        String target,
        List<String> fallbacks,
        List<Reason> reasons,
        List<Rejection> rejected,
        List<CandidateScore> ranking,
        double estimatedCostUsd,
        long estimatedLatencyMs,
        String bucket,
        RequestFeatures features,
        CapacitySnapshot snapshot,
        String cascadeTo,
        String arm,
        Decision shadow,
        Exploration exploration) {

    public Decision(String id, String target, List<String> fallbacks, List<Reason> reasons, List<Rejection> rejected,
            List<CandidateScore> ranking, double estimatedCostUsd, long estimatedLatencyMs, String bucket,
            RequestFeatures features, CapacitySnapshot snapshot, String cascadeTo, String arm, Decision shadow) {
        this(id, target, fallbacks, reasons, rejected, ranking, estimatedCostUsd, estimatedLatencyMs, bucket,
                features, snapshot, cascadeTo, arm, shadow, null);
    }

    public Decision(String id, String target, List<String> fallbacks, List<Reason> reasons, List<Rejection> rejected,
            List<CandidateScore> ranking, double estimatedCostUsd, long estimatedLatencyMs, String bucket,
            RequestFeatures features, CapacitySnapshot snapshot, String cascadeTo) {
        this(id, target, fallbacks, reasons, rejected, ranking, estimatedCostUsd, estimatedLatencyMs, bucket,
                features, snapshot, cascadeTo, null, null);
    }

    public Decision(String id, String target, List<String> fallbacks, List<Reason> reasons, List<Rejection> rejected,
            List<CandidateScore> ranking, double estimatedCostUsd, long estimatedLatencyMs, String bucket,
            RequestFeatures features, CapacitySnapshot snapshot) {
        this(id, target, fallbacks, reasons, rejected, ranking, estimatedCostUsd, estimatedLatencyMs, bucket,
                features, snapshot, null);
    }

    public Decision {
        Objects.requireNonNull(id, "id");
        fallbacks = List.copyOf(fallbacks);
        reasons = List.copyOf(reasons);
        rejected = List.copyOf(rejected);
        ranking = List.copyOf(ranking);
    }

    public record Reason(ReasonCode code, String detail) {}

    public record Rejection(String target, ReasonCode reason, String detail) {}

    /**
     * @param quality   expected quality for the request's category
     * @param latencyMs expected time to the end of the answer
     */
    /** @param local whether the target runs on the premises (kept here so ordering fallbacks needs no lookups) */
    public record CandidateScore(String target, double score, double quality, double costUsd, long latencyMs,
                                 boolean local) {}

    public boolean refused() {
        return target == null;
    }

    /** The chosen target and then its fallbacks, in the order they are tried. */
    public List<String> targetsInOrder() {
        if (target == null) return List.of();
        var all = new java.util.ArrayList<String>(fallbacks.size() + 1);
        all.add(target);
        all.addAll(fallbacks);
        return all;
    }

    public boolean has(ReasonCode code) {
        return reasons.stream().anyMatch(r -> r.code() == code);
    }

    /** This decision naming the rollout arm that made it and the shadow policy's decision beside it. */
    public Decision withTrial(String decidingArm, Decision shadowDecision) {
        return new Decision(id, target, fallbacks, reasons, rejected, ranking, estimatedCostUsd, estimatedLatencyMs,
                bucket, features, snapshot, cascadeTo, decidingArm, shadowDecision, exploration);
    }

    /** Whether exploration sent the request to another target than the policy's choice. */
    public boolean explored() {
        return exploration != null && exploration.explored();
    }

    /** The reason codes, comma-separated, for the {@code x-gatehouse-reasons} header. */
    public String reasonCodes() {
        return String.join(",", reasons.stream().map(r -> r.code().wireName()).toList());
    }
}
