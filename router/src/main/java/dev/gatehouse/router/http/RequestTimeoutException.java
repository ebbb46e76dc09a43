package dev.gatehouse.router.http;

import java.time.Duration;

/** A generation ran past {@code limits.requestTimeout}; mapped to 504 by {@link ErrorMapping}. */
final class RequestTimeoutException extends RuntimeException {

    RequestTimeoutException(Duration timeout) {
        super("the generation took longer than the request timeout of " + timeout.toMillis() + " ms", null, false,
                false);
    }
}
