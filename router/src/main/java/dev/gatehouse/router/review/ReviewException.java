package dev.gatehouse.router.review;

/** A review-lane request that cannot be done; the HTTP layer maps each kind to one status. */
public final class ReviewException extends RuntimeException {

    public enum Kind {
        /** No ticket with that id (or not the caller's). */
        NOT_FOUND,
        /** The ticket was decided already (or expired): it cannot be decided again. */
        ALREADY_DECIDED,
        /** As many requests wait as the queue holds. */
        QUEUE_FULL,
        /** A field of the admin's request breaks a rule; {@link #field()} names it. */
        INVALID,
        /** The review store could not be written: nothing changed, the step may be tried again. */
        STORE_UNAVAILABLE
    }

    private final Kind kind;
    private final String field;

    public ReviewException(Kind kind, String field, String message) {
        super(message);
        this.kind = kind;
        this.field = field;
    }

    public Kind kind() {
        return kind;
    }

    /** The request field at fault, or null. */
    public String field() {
        return field;
    }
}
