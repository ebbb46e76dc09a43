package dev.gatehouse.router.escalation;

import java.time.Duration;
import java.time.Instant;

/**
 * A request's most it could cost does not fit what is left of a budget. The HTTP layer maps it to 429 with
 * {@code Retry-After} until the period resets, unless the policy falls back to local models instead.
 */
public final class BudgetExhaustedException extends RuntimeException {

    public enum Period { DAY, MONTH }

    private final BudgetScope scope;
    private final String owner;
    private final Period period;
    private final Cost limit;
    private final Cost committed;
    private final Cost needed;
    private final Instant resetsAt;
    private final Duration retryAfter;

    BudgetExhaustedException(BudgetScope scope, String owner, Period period, Cost limit, Cost committed, Cost needed,
            Instant resetsAt, Instant now) {
        super("the " + (period == Period.DAY ? "daily" : "monthly") + " budget of " + scope.wireName() + " '" + owner
                + "' is exhausted: limit " + limit + ", used or reserved " + committed + ", this request may cost up to "
                + needed + "; it resets at " + resetsAt);
        this.scope = scope;
        this.owner = owner;
        this.period = period;
        this.limit = limit;
        this.committed = committed;
        this.needed = needed;
        this.resetsAt = resetsAt;
        this.retryAfter = Duration.between(now, resetsAt);
    }

    public BudgetScope scope() { return scope; }

    public String owner() { return owner; }

    public Period period() { return period; }

    public Cost limit() { return limit; }

    /** Spent plus reserved by requests in flight, when this one was refused. */
    public Cost committed() { return committed; }

    public Cost needed() { return needed; }

    public Instant resetsAt() { return resetsAt; }

    public Duration retryAfter() { return retryAfter; }
}
