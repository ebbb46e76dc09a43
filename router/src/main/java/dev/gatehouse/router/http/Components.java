package dev.gatehouse.router.http;

import dev.gatehouse.hardware.HardwareProbe;
import dev.gatehouse.hardware.OshiHardwareProbe;
import dev.gatehouse.inference.ModelPool;
import dev.gatehouse.router.metrics.GatehouseMetrics;
import dev.gatehouse.router.routing.RequestRouter;
import dev.gatehouse.router.routing.RouterSetup;
import dev.gatehouse.router.serving.ChatServing;
import java.time.Duration;
import java.util.Objects;

/**
 * What the routes need, built once by {@code serve} (or a test) and handed to {@link GatehouseServer#routing}.
 *
 * @param maxBodyBytes largest accepted request body
 * @param requestTimeout longest a generation may run before it is cut off
 * @param logPrompts   whether the request log may contain prompt and completion text
 * @param router       features, policy decision and decision log of each chat request
 * @param hardware     the machine's figures for {@code /v1/hardware}; a sampled probe in the server
 * @param access       keys, scopes and limits in front of every route, or null for none (tests of other features)
 * @param review       the human-review lane, or null for one in memory with the default bounds
 */
public record Components(
        ModelPool pool, GatehouseMetrics metrics, long maxBodyBytes, Duration requestTimeout, boolean logPrompts,
        RequestRouter router, HardwareProbe hardware, dev.gatehouse.router.access.AccessGate access,
        dev.gatehouse.router.review.ReviewLane review) {

    public Components(ModelPool pool, GatehouseMetrics metrics, long maxBodyBytes, Duration requestTimeout,
            boolean logPrompts, RequestRouter router, HardwareProbe hardware) {
        this(pool, metrics, maxBodyBytes, requestTimeout, logPrompts, router, hardware, null, null);
    }

    /** These components behind an access gate, its counters on this metrics registry. */
    public Components withAccess(dev.gatehouse.router.access.AccessGate gate) {
        gate.register(metrics);
        return new Components(pool, metrics, maxBodyBytes, requestTimeout, logPrompts, router, hardware, gate,
                review);
    }

    /**
     * These components with a review lane of these bounds; with a store, what the last process left there is taken
     * up now (see {@link dev.gatehouse.router.review.ReviewLane#startupNotes}).
     *
     * @throws dev.gatehouse.manifest.ConfigException under {@code review.store} when the store cannot be used
     */
    public Components withReview(dev.gatehouse.router.review.ReviewSettings settings) {
        return withReview(settings, java.time.Clock.systemUTC());
    }

    /** {@link #withReview(dev.gatehouse.router.review.ReviewSettings)} on a clock of the caller's (tests step it). */
    Components withReview(dev.gatehouse.router.review.ReviewSettings settings, java.time.Clock clock) {
        return new Components(pool, metrics, maxBodyBytes, requestTimeout, logPrompts, router, hardware, access,
                reviewLane(settings, clock));
    }

    /** The lane's answers take the request path without the review step: an approved request is not held again. */
    dev.gatehouse.router.review.ReviewLane reviewLane(dev.gatehouse.router.review.ReviewSettings settings,
            java.time.Clock clock) {
        var lane = dev.gatehouse.router.review.ReviewLane.start(router, new ReviewAnswers(new ChatServing(pool,
                router, requestTimeout, logPrompts)), clock, logPrompts, settings);
        lane.register(metrics);
        return lane;
    }

    public Components {
        Objects.requireNonNull(pool, "pool");
        Objects.requireNonNull(router, "router");
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        Objects.requireNonNull(hardware, "hardware");
    }

    /** The server's wiring: metrics over the pool and the (sampled) hardware probe, the given router. */
    public static Components of(ModelPool pool, HardwareProbe hardware, long maxBodyBytes, Duration requestTimeout,
                                boolean logPrompts, RequestRouter router) {
        var metrics = new GatehouseMetrics(pool::status, hardware);
        router.outbound().onCapped(metrics::escalationCapped);
        router.onFinished((decision, outcome) -> metrics.decided(decision, outcome, router.policyFor(decision)));
        router.arms().register(metrics);
        metrics.budgets(router.policy().escalation().budgets(), router.outbound().budgets(), router.outbound()::now);
        router.decisionLog().ifPresent(log -> { // here, not in decisionlog: metrics already reads decisionlog
            metrics.counter("gatehouse.decision.log.write.failures", "Decision log lines that could not be written",
                    null, null, () -> log.state().failedWrites());
            metrics.gauge("gatehouse.decision.log.ok", "1 while the decision log is being written, 0 after a failed "
                    + "write", () -> log.state().ok() ? 1 : 0);
        });
        return new Components(pool, metrics, maxBodyBytes, requestTimeout, logPrompts, router, hardware);
    }

    /** The given hardware probe and the built-in routing policy (rules only, no decision log). */
    public static Components of(ModelPool pool, HardwareProbe hardware, long maxBodyBytes, Duration requestTimeout,
                                boolean logPrompts) {
        return of(pool, hardware, maxBodyBytes, requestTimeout, logPrompts, RouterSetup.defaults(pool, 8));
    }

    /** Built-in routing policy (rules only, no decision log) and the machine read live: for tests and tools. */
    public static Components of(ModelPool pool, long maxBodyBytes, Duration requestTimeout, boolean logPrompts) {
        return of(pool, maxBodyBytes, requestTimeout, logPrompts, RouterSetup.defaults(pool, 8));
    }

    /** The given router and the machine read live on every call: for tests and tools, not a long-running server. */
    public static Components of(ModelPool pool, long maxBodyBytes, Duration requestTimeout, boolean logPrompts,
            RequestRouter router) {
        return of(pool, OshiHardwareProbe.live(), maxBodyBytes, requestTimeout, logPrompts, router);
    }
}
