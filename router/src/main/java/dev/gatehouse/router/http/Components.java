package dev.gatehouse.router.http;

import dev.gatehouse.inference.ModelPool;
import dev.gatehouse.router.metrics.GatehouseMetrics;
import java.time.Duration;
import java.util.Objects;

/**
 * What the routes need, built once by {@code serve} (or a test) and handed to {@link GatehouseServer#routing}.
 *
 * @param maxBodyBytes largest accepted request body
 * @param requestTimeout longest a generation may run before it is cut off
 * @param logPrompts   whether the request log may contain prompt and completion text
 */
public record Components(
        ModelPool pool, GatehouseMetrics metrics, long maxBodyBytes, Duration requestTimeout, boolean logPrompts) {

    public Components {
        Objects.requireNonNull(pool, "pool");
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
    }

    /** Metrics over the pool's status, the usual wiring. */
    public static Components of(ModelPool pool, long maxBodyBytes, Duration requestTimeout, boolean logPrompts) {
        return new Components(pool, new GatehouseMetrics(pool::status), maxBodyBytes, requestTimeout, logPrompts);
    }
}
