package dev.gatehouse.router.rollout;

/** Which policy decides a request during a rollout: the live one or the candidate. */
public enum RolloutArm {
    LIVE,
    CANDIDATE;

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
