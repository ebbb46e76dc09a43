package dev.gatehouse.router.rollout;

import dev.gatehouse.manifest.Violation;
import dev.gatehouse.router.policy.Policy;
import dev.gatehouse.router.policy.Target;
import java.util.ArrayList;
import java.util.List;

/**
 * The policies tried beside the live one, as one immutable value the router swaps whole: a candidate that a rollout
 * sends part of the traffic to, and a shadow that only decides beside every request. Promote and rollback make a new
 * value; a request that already picked its policy keeps it.
 *
 * @param candidate       the candidate policy, or null without a rollout
 * @param candidateSource where the candidate was read from (for status and messages)
 * @param rollout         who gets the candidate, or null without a rollout
 * @param rolledBack      true after a rollback: every request goes to the live policy again, the arm is still named
 * @param shadow          the shadow policy, or null without one
 * @param shadowSource    where the shadow was read from
 */
public record Trial(Policy candidate, String candidateSource, Rollout rollout, boolean rolledBack, Policy shadow,
        String shadowSource) {

    public static final Trial NONE = new Trial(null, null, null, false, null, null);

    public Trial {
        if ((candidate == null) != (rollout == null)) {
            throw new IllegalArgumentException("a rollout needs a candidate policy and a candidate needs a rollout");
        }
    }

    public boolean hasRollout() {
        return rollout != null;
    }

    /**
     * The arm of one request, or null without a rollout (the decision then names no arm). After a rollback every
     * request is on the live arm.
     */
    public RolloutArm arm(String tenant, String tier, String apiKeyId, String clientAddress) {
        if (rollout == null) return null;
        if (rolledBack) return RolloutArm.LIVE;
        return rollout.arm(tenant, tier, apiKeyId, clientAddress);
    }

    /**
     * This trial with each policy joined to the pool's models, as the live policy is before serving.
     *
     * @param complete given a policy and the file it came from
     */
    public Trial completed(java.util.function.BiFunction<Policy, String, Policy> complete) {
        return new Trial(candidate == null ? null : complete.apply(candidate, candidateSource), candidateSource,
                rollout, rolledBack, shadow == null ? null : complete.apply(shadow, shadowSource), shadowSource);
    }

    /**
     * Every provider target of the candidate or the shadow that the live policy does not declare, with its key:
     * providers are connected once, from the live policy, so a policy under trial can only use those.
     */
    public List<Violation> unknownProviders(Policy live) {
        List<Violation> out = new ArrayList<>();
        unknownProviders("rollout.policy", candidate, live, out);
        unknownProviders("shadow.policy", shadow, live, out);
        return out;
    }

    private static void unknownProviders(String key, Policy tried, Policy live, List<Violation> out) {
        if (tried == null) return;
        for (Target target : tried.targets()) {
            if (target.isProvider() && live.escalation().provider(target.provider()).isEmpty()) {
                out.add(new Violation(key, "target '" + target.id() + "' uses provider '" + target.provider()
                        + "', which the live policy does not declare"));
            }
        }
    }

    /** After promotion the candidate is the live policy: no rollout is left; the shadow stays. */
    public Trial afterPromotion() {
        return new Trial(null, null, null, false, shadow, shadowSource);
    }

    /** Every request to the live policy; the candidate is kept so that status can still name it. */
    public Trial withRollback() {
        return new Trial(candidate, candidateSource, rollout, true, shadow, shadowSource);
    }
}
