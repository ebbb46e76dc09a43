package dev.gatehouse.router.escalation;

import java.time.Duration;

/**
 * A request reached a provider target by fallback or cascade while the escalation cap was full: that target is
 * skipped like an unavailable one, and the next target in the decision's order is tried.
 */
public final class EscalationCappedException extends RuntimeException {
    /** The cap counts over one minute: a place frees up within that. */
    public static final Duration RETRY_AFTER = Duration.ofMinutes(1);

    public EscalationCappedException(String detail) {
        super("escalation capped: " + detail);
    }
}
