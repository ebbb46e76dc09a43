package dev.gatehouse.router.review;

import java.util.Locale;

/** Where a held request stands. Only {@link #PENDING} can be approved or rejected. */
public enum ReviewStatus {
    /** Waiting for a person, until its deadline. */
    PENDING,
    /** Approved; being routed and answered. */
    APPROVED,
    /** Approved and answered: the ticket holds the chat completion. */
    ANSWERED,
    /** Approved, but answering failed: the ticket holds the error. */
    FAILED,
    REJECTED,
    /** Nobody decided before its deadline. */
    EXPIRED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean decided() {
        return this != PENDING;
    }
}
