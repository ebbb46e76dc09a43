package dev.gatehouse.router.http;

import dev.gatehouse.inference.ModelPool;
import dev.gatehouse.router.metrics.GatehouseMetrics;
import dev.gatehouse.router.routing.RequestRouter;
import dev.gatehouse.router.routing.RouterSetup;
import java.time.Duration;
import java.util.Objects;

/**
 * What the routes need, built once by {@code serve} (or a test) and handed to {@link GatehouseServer#routing}.
 *
 * @param maxBodyBytes largest accepted request body
 * @param requestTimeout longest a generation may run before it is cut off
 * @param logPrompts   whether the request log may contain prompt and completion text
 * @param router       features, policy decision and decision log of each chat request
 */
public record Components(
        ModelPool pool, GatehouseMetrics metrics, long maxBodyBytes, Duration requestTimeout, boolean logPrompts,
        RequestRouter router) {

    public Components {
        Objects.requireNonNull(pool, "pool");
        Objects.requireNonNull(router, "router");
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
    }

    /** Metrics over the pool's status and the built-in routing policy (rules only, no decision log). */
    public static Components of(ModelPool pool, long maxBodyBytes, Duration requestTimeout, boolean logPrompts) {
        return of(pool, maxBodyBytes, requestTimeout, logPrompts, RouterSetup.defaults(pool, 8));
    }

    public static Components of(ModelPool pool, long maxBodyBytes, Duration requestTimeout, boolean logPrompts,
            RequestRouter router) {
        var metrics = new GatehouseMetrics(pool::status);
        router.outbound().onCapped(metrics::escalationCapped);
        return new Components(pool, metrics, maxBodyBytes, requestTimeout, logPrompts, router);
    }
}
