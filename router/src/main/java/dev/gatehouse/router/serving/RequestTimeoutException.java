package dev.gatehouse.router.serving;

import java.time.Duration;

/**
 * The request ran past {@code limits.requestTimeout} (waiting for a slot, for the first token, or generating); the
 * HTTP layer answers 504.
 */
public final class RequestTimeoutException extends RuntimeException {

    public RequestTimeoutException(Duration timeout) {
        super("the request took longer than the request timeout of " + timeout.toMillis() + " ms", null, false,
                false);
    }
}
