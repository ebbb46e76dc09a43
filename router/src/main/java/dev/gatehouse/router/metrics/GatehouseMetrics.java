package dev.gatehouse.router.metrics;

import dev.gatehouse.hardware.HardwareProbe;
import dev.gatehouse.inference.ModelState;
import dev.gatehouse.inference.ModelStatus;
import dev.gatehouse.router.decisionlog.Outcome;
import dev.gatehouse.router.escalation.BudgetExhaustedException.Period;
import dev.gatehouse.router.escalation.BudgetLedger;
import dev.gatehouse.router.escalation.BudgetLimits;
import dev.gatehouse.router.escalation.BudgetScope;
import dev.gatehouse.router.escalation.Cost;
import dev.gatehouse.router.policy.Decision;
import dev.gatehouse.router.policy.Policy;
import dev.gatehouse.router.policy.ReasonCode;
import dev.gatehouse.router.privacy.Finding;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
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
    /**
     * Per-request meters by name and tag values, registered once: Micrometer's {@code builder(...).register(...)}
     * builds, sorts and filters a new id on every call, several microseconds and a few hundred bytes per meter per
     * request on the gateway's hot path. The tag values are few (routes, policy targets, statuses), so this stays small.
     */
    private final Map<MeterKey, Meter> perRequest = new ConcurrentHashMap<>();

    private record MeterKey(String name, List<String> tagValues) {}
    /** The suppliers of {@link #counter}, held here for as long as the registry lives. */
    private final List<Object> readBack = new java.util.concurrent.CopyOnWriteArrayList<>();

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
        // exported at 0 from the start, so alerts and rate() see the cap's series before it first bites
        for (var limit : dev.gatehouse.router.escalation.EscalationRateCap.Limit.values()) {
            cappedCounter(limit);
        }
        for (ModelStatus model : poolStatus.get()) {
            String id = model.spec().id();
            gauge("gatehouse.queue.depth", "Requests waiting for a slot", id, poolStatus, ModelStatus::queued);
            gauge("gatehouse.in.flight", "Requests holding a slot", id, poolStatus, ModelStatus::inFlight);
            gauge("gatehouse.model.ready", "1 when the model serves requests", id, poolStatus,
                    s -> s.state() == ModelState.READY ? 1 : 0);
            gauge("gatehouse.model.load.seconds", "How long the last load of the model took", id, poolStatus,
                    s -> s.loadMillis() < 0 ? Double.NaN : s.loadMillis() / 1000.0);
            gauge("gatehouse.queue.limit", "Most requests that may wait for a slot", id, poolStatus,
                    ModelStatus::queueLimit);
            gauge("gatehouse.slots", "Parallel requests the model serves", id, poolStatus, ModelStatus::slots);
            poolCounter("gatehouse.model.load.failures", "Loads of the model that failed", id, poolStatus,
                    ModelStatus::loadFailures);
            poolCounter("gatehouse.worker.crashes", "Times the model's worker process died while loaded", id,
                    poolStatus, ModelStatus::workerCrashes);
        }
    }

    /** A count the pool keeps itself (it only grows), read when scraped. */
    private void poolCounter(String name, String help, String modelId, Supplier<List<ModelStatus>> poolStatus,
            ToDoubleFunction<ModelStatus> value) {
        FunctionCounter.builder(name, poolStatus, statuses -> statuses.get().stream()
                        .filter(s -> s.spec().id().equals(modelId))
                        .mapToDouble(value)
                        .findFirst()
                        .orElse(0))
                .description(help)
                .tag("model", modelId)
                .register(registry);
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
        String statusTag = Integer.toString(status);
        meter("gatehouse.requests", List.of(endpoint, model, statusTag), () -> Counter.builder("gatehouse.requests")
                .description("HTTP requests by endpoint, model and status")
                .tags("endpoint", endpoint, "model", model, "status", statusTag)
                .register(registry), Counter.class).increment();
        meter("gatehouse.request.duration", List.of(endpoint, model), () -> Timer.builder("gatehouse.request.duration")
                .description("Time from request to the last byte of the response")
                .tags("endpoint", endpoint, "model", model)
                .serviceLevelObjectives(REQUEST_BUCKETS)
                .register(registry), Timer.class).record(latency);
    }

    public void tokens(String model, int promptTokens, int completionTokens) {
        meter("gatehouse.prompt.tokens", List.of(model), () -> Counter.builder("gatehouse.prompt.tokens")
                .description("Prompt tokens processed").tag("model", model).register(registry), Counter.class)
                .increment(Math.max(0, promptTokens));
        meter("gatehouse.completion.tokens", List.of(model), () -> Counter.builder("gatehouse.completion.tokens")
                .description("Tokens generated").tag("model", model).register(registry), Counter.class)
                .increment(Math.max(0, completionTokens));
    }

    public void timeToFirstToken(String model, Duration ttft) {
        meter("gatehouse.time.to.first.token", List.of(model), () -> Timer.builder("gatehouse.time.to.first.token")
                .description("Time from request to the first generated text")
                .tag("model", model)
                .serviceLevelObjectives(FIRST_TOKEN_BUCKETS)
                .register(registry), Timer.class).record(ttft);
    }

    /** The meter named {@code name} with these tag values, registered by {@code register} the first time only. */
    private <M extends Meter> M meter(String name, List<String> tagValues, Supplier<M> register, Class<M> type) {
        return type.cast(perRequest.computeIfAbsent(new MeterKey(name, tagValues), k -> register.get()));
    }

    /**
     * What answers cost, per tenant ({@code none} when anonymous) and target, in the currency of the policy's
     * prices (from real token counts).
     */
    public void cost(String tenant, String target, dev.gatehouse.router.escalation.Cost cost) {
        String tenantTag = tenant == null ? "none" : tenant;
        meter("gatehouse.cost", List.of(tenantTag, target), () -> Counter.builder("gatehouse.cost")
                .description("Cost of answers from real token counts and prices")
                .tags("tenant", tenantTag, "target", target)
                .register(registry), Counter.class).increment(cost.units().doubleValue());
    }

    /** The escalation cap kept a request local ({@code per_minute} or {@code share}). */
    public void escalationCapped(dev.gatehouse.router.escalation.EscalationRateCap.Limit limit) {
        cappedCounter(limit).increment();
    }

    private Counter cappedCounter(dev.gatehouse.router.escalation.EscalationRateCap.Limit limit) {
        return Counter.builder("gatehouse.escalation.capped").description("Escalations refused by the escalation cap")
                .tag("limit", limit.name().toLowerCase(java.util.Locale.ROOT))
                .register(registry);
    }

    /**
     * One finished request's decision, dry runs left out: where it was routed ({@code local}, {@code provider} or
     * {@code refused}), which gates held an escalation back, and the privacy findings by type (counts only).
     */
    public void decided(Decision decision, Outcome outcome, Policy policy) {
        if (outcome.dryRun()) return;
        String target = decision.refused() ? "none" : decision.target();
        String destination = RoutedTo.of(decision, policy).wireName();
        meter("gatehouse.decisions", List.of(target, destination), () -> Counter.builder("gatehouse.decisions")
                .description("Routing decisions by target and destination")
                .tags("target", target, "destination", destination)
                .register(registry), Counter.class).increment();
        for (ReasonCode gate : EscalationGates.blocked(decision, policy)) {
            meter("gatehouse.escalation.blocked", List.of(gate.wireName()), () -> Counter.builder(
                            "gatehouse.escalation.blocked")
                    .description("Requests whose escalation to a provider a gate held back, by gate")
                    .tag("gate", gate.wireName())
                    .register(registry), Counter.class).increment();
        }
        for (Finding finding : decision.features().findings()) {
            meter("gatehouse.pii.findings", List.of(finding.type()), () -> Counter.builder("gatehouse.pii.findings")
                    .description("Sensitive data found in requests, by type")
                    .tag("type", finding.type())
                    .register(registry), Counter.class).increment();
        }
    }

    /**
     * Gauges of every configured budget: its limit and what is spent or reserved in the current day or month, so
     * an alert can fire before requests are refused.
     */
    public void budgets(BudgetLimits limits, BudgetLedger ledger, Supplier<Instant> now) {
        limits.tenants().forEach((owner, limit) -> budget(BudgetScope.TENANT, owner, limit, ledger, now));
        limits.apiKeys().forEach((owner, limit) -> budget(BudgetScope.API_KEY, owner, limit, ledger, now));
    }

    private void budget(BudgetScope scope, String owner, BudgetLimits.Limit limit, BudgetLedger ledger,
            Supplier<Instant> now) {
        budgetPeriod(scope, owner, Period.DAY, limit.daily(), ledger, now);
        budgetPeriod(scope, owner, Period.MONTH, limit.monthly(), ledger, now);
    }

    private void budgetPeriod(BudgetScope scope, String owner, Period period, Cost limit, BudgetLedger ledger,
            Supplier<Instant> now) {
        if (limit == null) return;
        String scopeTag = scope.name().toLowerCase(Locale.ROOT);
        String periodTag = period == Period.DAY ? "daily" : "monthly";
        Gauge.builder("gatehouse.budget.limit", limit, l -> l.units().doubleValue())
                .description("A configured budget, in the currency of the policy's prices")
                .tags("scope", scopeTag, "owner", owner, "period", periodTag).register(registry);
        Gauge.builder("gatehouse.budget.committed", ledger,
                        l -> l.committed(scope, owner, period, now.get()).units().doubleValue())
                .description("Spent and reserved of a budget in its current day or month")
                .tags("scope", scopeTag, "owner", owner, "period", periodTag).register(registry);
    }

    /**
     * Sums of one counter's series grouped by one of its tags, e.g. {@code ("gatehouse.decisions", "target")}: the
     * dashboard reads the same numbers Prometheus scrapes.
     */
    public Map<String, Double> totals(String counterName, String tag) {
        Map<String, Double> out = new TreeMap<>();
        for (Counter c : registry.find(counterName).counters()) {
            String key = c.getId().getTag(tag);
            if (key != null) out.merge(key, c.count(), Double::sum);
        }
        return out;
    }

    /**
     * A counter read from its owner when scraped (access refusals, failed audit writes).
     *
     * @param tagKey null for no tag
     */
    public void counter(String name, String help, String tagKey, String tagValue,
            java.util.function.LongSupplier value) {
        readBack.add(value); // Micrometer holds a function counter's object weakly: a lambda would be collected
        var builder = io.micrometer.core.instrument.FunctionCounter.builder(name, value,
                v -> v.getAsLong()).description(help);
        if (tagKey != null) builder.tag(tagKey, tagValue);
        builder.register(registry);
    }

    /** A gauge read from its owner when scraped. */
    public void gauge(String name, String help, java.util.function.DoubleSupplier value) {
        Gauge.builder(name, value::getAsDouble).description(help).register(registry);
    }

    /** A gauge with one tag, read from its owner when scraped. */
    public void gauge(String name, String help, String tagKey, String tagValue,
            java.util.function.LongSupplier value) {
        readBack.add(value); // held strongly, as for counters: the gauge holds its object weakly
        Gauge.builder(name, value, v -> v.getAsLong()).description(help).tag(tagKey, tagValue).register(registry);
    }

    /** The Prometheus text exposition of every meter. */
    public String scrape() {
        return registry.scrape();
    }
}
