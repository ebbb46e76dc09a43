package dev.gatehouse.router.replay;

import dev.gatehouse.router.features.RequestFeatures;
import dev.gatehouse.router.policy.CapacitySnapshot;

/**
 * One decision as the decision log kept it: the features and capacity it saw (no prompt text), where it went and
 * what it was expected to cost.
 *
 * @param target           the logged target, or null when the request was refused
 * @param estimatedCostUsd the logged decision's estimate
 * @param bucket           the similarity bucket (hysteresis)
 */
record LoggedDecision(String id, RequestFeatures features, CapacitySnapshot snapshot, String target,
                      double estimatedCostUsd, String bucket) {
}
