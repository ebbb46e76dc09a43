package dev.gatehouse.router.metrics;

import dev.gatehouse.hardware.HardwareProbe;
import dev.gatehouse.inference.ModelState;
import dev.gatehouse.inference.ModelStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * The server's meters, in a registry of its own (no global state, so tests can run several servers), rendered in
 * Prometheus text format. Per-model gauges read the pool's status snapshot when scraped.
 */
public final class GatehouseMetrics {

    /**
     * Histogram buckets, few on purpose: Micrometer's percentile histogram writes 69 per series, times every
     * endpoint, model and status. From a gateway's millisecond overhead to a minute-long local generation.
     */
    static final Duration[] REQUEST_BUCKETS = durations(5, 10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000,
            30_000, 60_000);
    /** Time to first token: prompt reading, queueing and cold loads, up to half a minute. */
    static final Duration[] FIRST_TOKEN_BUCKETS = durations(10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000,
            30_000);

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    private static Duration[] durations(long... millis) {
        Duration[] out = new Duration[millis.length];
        for (int i = 0; i < millis.length; i++) out[i] = Duration.ofMillis(millis[i]);
        return out;
    }

    /**
     * @param poolStatus the pool's status; the models it lists now get gauges (the manifest does not change while
     *                   the server runs)
     */
    public GatehouseMetrics(Supplier<List<ModelStatus>> poolStatus) {
        this(poolStatus, null);
    }

    /**
     * @param poolStatus as above
     * @param hardware   the (sampled) probe whose figures become gauges, or null for none
     */
    public GatehouseMetrics(Supplier<List<ModelStatus>> poolStatus, HardwareProbe hardware) {
        if (hardware != null) {
            HardwareGauges.register(registry, hardware);
        }
        for (ModelStatus model : poolStatus.get()) {
            String id = model.spec().id();
            gauge("gatehouse.queue.depth", "Requests waiting for a slot", id, poolStatus, ModelStatus::queued);
            gauge("gatehouse.in.flight", "Requests holding a slot", id, poolStatus, ModelStatus::inFlight);
            gauge("gatehouse.model.ready", "1 when the model serves requests", id, poolStatus,
                    s -> s.state() == ModelState.READY ? 1 : 0);
            gauge("gatehouse.model.load.seconds", "How long the last load of the model took", id, poolStatus,
                    s -> s.loadMillis() < 0 ? Double.NaN : s.loadMillis() / 1000.0);
        }
    }

    private void gauge(String name, String help, String modelId, Supplier<List<ModelStatus>> poolStatus,
            ToDoubleFunction<ModelStatus> value) {
        Gauge.builder(name, () -> poolStatus.get().stream()
                        .filter(s -> s.spec().id().equals(modelId))
                        .mapToDouble(value)
                        .findFirst()
                        .orElse(Double.NaN))
                .description(help)
                .tag("model", modelId)
                .register(registry);
    }

    /** One finished request; {@code model} is "none" when the request never reached a model. */
    public void request(String endpoint, String model, int status, Duration latency) {
        Counter.builder("gatehouse.requests")
                .description("HTTP requests by endpoint, model and status")
                .tags("endpoint", endpoint, "model", model, "status", Integer.toString(status))
                .register(registry)
                .increment();
        Timer.builder("gatehouse.request.duration")
                .description("Time from request to the last byte of the response")
                .tags("endpoint", endpoint, "model", model)
                .serviceLevelObjectives(REQUEST_BUCKETS)
                .register(registry)
                .record(latency);
    }

    public void tokens(String model, int promptTokens, int completionTokens) {
        Counter.builder("gatehouse.prompt.tokens").description("Prompt tokens processed").tag("model", model)
                .register(registry).increment(Math.max(0, promptTokens));
        Counter.builder("gatehouse.completion.tokens").description("Tokens generated").tag("model", model)
                .register(registry).increment(Math.max(0, completionTokens));
    }

    public void timeToFirstToken(String model, Duration ttft) {
        Timer.builder("gatehouse.time.to.first.token")
                .description("Time from request to the first generated text")
                .tag("model", model)
                .serviceLevelObjectives(FIRST_TOKEN_BUCKETS)
                .register(registry)
                .record(ttft);
    }

    /**
     * What answers cost, per tenant ({@code none} when anonymous) and target, in the currency of the policy's
     * prices (from real token counts).
     */
    public void cost(String tenant, String target, dev.gatehouse.router.escalation.Cost cost) {
        Counter.builder("gatehouse.cost").description("Cost of answers from real token counts and prices")
                .tags("tenant", tenant == null ? "none" : tenant, "target", target)
                .register(registry).increment(cost.units().doubleValue());
    }

    /** The escalation cap kept a request local ({@code per_minute} or {@code share}). */
    public void escalationCapped(dev.gatehouse.router.escalation.EscalationRateCap.Limit limit) {
        Counter.builder("gatehouse.escalation.capped").description("Escalations refused by the escalation cap")
                .tag("limit", limit.name().toLowerCase(java.util.Locale.ROOT))
                .register(registry).increment();
    }

    /** The Prometheus text exposition of every meter. */
    public String scrape() {
        return registry.scrape();
    }
}
