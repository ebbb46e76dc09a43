package dev.gatehouse.router.http;

import java.time.Duration;

/**
 * An error as the client sees it: HTTP status, OpenAI error fields, and a retry hint for 429 and 503.
 *
 * @param retryAfter null when retrying will not help
 */
record ApiError(int status, String type, String code, String param, String message, Duration retryAfter) {

    /** Whole seconds for the {@code Retry-After} header, at least 1. */
    long retryAfterSeconds() {
        return Math.max(1, (retryAfter.toMillis() + 999) / 1000);
    }
}
