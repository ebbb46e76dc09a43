package dev.gatehouse.router.http;

import dev.gatehouse.hardware.HardwareProbe;
import dev.gatehouse.hardware.OshiHardwareProbe;
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
 * @param hardware     the machine's figures for {@code /v1/hardware}; a sampled probe in the server
 */
public record Components(
        ModelPool pool, GatehouseMetrics metrics, long maxBodyBytes, Duration requestTimeout, boolean logPrompts,
        HardwareProbe hardware) {

    public Components {
        Objects.requireNonNull(pool, "pool");
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        Objects.requireNonNull(hardware, "hardware");
    }

    /** Metrics over the pool's status and the hardware probe, the usual wiring. */
    public static Components of(ModelPool pool, HardwareProbe hardware, long maxBodyBytes, Duration requestTimeout,
                                boolean logPrompts) {
        return new Components(pool, new GatehouseMetrics(pool::status, hardware), maxBodyBytes, requestTimeout,
                logPrompts, hardware);
    }

    /** As above with this machine read live on every call: for tests and tools, not for a long-running server. */
    public static Components of(ModelPool pool, long maxBodyBytes, Duration requestTimeout, boolean logPrompts) {
        return of(pool, OshiHardwareProbe.live(), maxBodyBytes, requestTimeout, logPrompts);
    }
}
