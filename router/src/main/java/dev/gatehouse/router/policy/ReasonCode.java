package dev.gatehouse.router.policy;

import java.util.Locale;

/** Why a decision went the way it did, or why a candidate was rejected. Details travel next to the code. */
public enum ReasonCode {
    // why the chosen target was chosen
    BEST_SCORE,
    PINNED,
    STICKY,
    RULE_PREFERRED,
    CAPACITY,
    NO_TARGET_MEETS_FLOOR,
    CAPABILITY_UNAVAILABLE,
    PINNED_VETOED,
    NO_ELIGIBLE_TARGET,
    ESCALATED,
    CAPACITY_OVERFLOW,
    CASCADE,
    /** The machine's own models were busy; an on-premises pool with room took the request. */
    POOL_OVERFLOW,
    /** A learned per-target forecast: the cheapest target expected to succeed (CheapestAdequate). */
    CHEAPEST_ADEQUATE,
    /**
     * Exploration ({@code learnedRouter.explore}) sent the request to another allowed target than the policy's
     * choice, so feedback learns how that target does; the decision's exploration says with what probability.
     */
    EXPLORE,
    /** A declared tool understood the whole request and answers it exactly. */
    TOOL_EXACT_MATCH,
    /** More than one tool understood the request: a model answers (or, rejecting a tool, why it did not). */
    TOOL_AMBIGUOUS,
    /** The request named a tool that does not understand it. */
    TOOL_NO_MATCH,
    // what the decision could not judge
    DIFFICULTY_UNFAMILIAR,
    // why a candidate was rejected
    DATA_CLASS_NOT_ALLOWED,
    PRIVATE_ONLY,
    RULE_FORBIDS,
    RULE_REQUIRES_OTHER,
    CONTEXT_TOO_SMALL,
    NOT_AVAILABLE,
    UNHEALTHY,
    SATURATED,
    BELOW_QUALITY_FLOOR,
    MISSING_CAPABILITY,
    NOT_PINNED,
    OUTRANKED,
    // the gates of escalation to a provider
    TENANT_MAY_NOT_ESCALATE,
    PROVIDER_UNHEALTHY,
    BUDGET_EXHAUSTED,
    ESCALATION_RATE_CAPPED,
    // on-premises pools polled for capacity
    /** The pool's last capacity reading is too old (or there is none): it is not answering its polls. */
    POOL_STALE,
    /** The pool's queue is at its limit, or its KV cache is full. */
    POOL_FULL;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Rejections that veto a pinned model: the data or the policy forbids it, not the machine's state. */
    public boolean vetoesPin() {
        return this == DATA_CLASS_NOT_ALLOWED || this == PRIVATE_ONLY || this == RULE_FORBIDS
                || this == RULE_REQUIRES_OTHER || this == TENANT_MAY_NOT_ESCALATE;
    }

    /** Gates that hold a request back for now (budget, cap, provider health): waiting may help. */
    public boolean isTemporaryGate() {
        return this == PROVIDER_UNHEALTHY || this == BUDGET_EXHAUSTED || this == ESCALATION_RATE_CAPPED
                || this == POOL_STALE || this == POOL_FULL;
    }
}
