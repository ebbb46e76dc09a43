package dev.gatehouse.router.routing;

import dev.gatehouse.inference.provider.GuardedProvider;
import dev.gatehouse.router.escalation.BudgetLedger;
import dev.gatehouse.router.escalation.EscalationRateCap;
import dev.gatehouse.router.escalation.ProviderConfig;
import dev.gatehouse.router.policy.EscalationPolicy;
import dev.gatehouse.router.policy.EscalationSnapshot;
import dev.gatehouse.router.policy.Policy;
import dev.gatehouse.router.policy.Target;
import dev.gatehouse.router.policy.TargetCapacity;
import dev.gatehouse.router.pools.CapacitySource;
import dev.gatehouse.router.pools.PoolPoller;
import dev.gatehouse.router.pools.PoolReading;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * The mutable state of escalation, next to {@link CapacityTracker}: one guarded client per approved provider or
 * on-premises pool (circuit breaker, concurrency limit, retries), the pools' capacity polling, the budget ledger and
 * the escalation cap. It reads their state into
 * the decision's snapshot; the endpoint reserves budgets and calls providers through it.
 */
public final class Outbound implements AutoCloseable {

    private final Map<String, GuardedProvider> providers;
    private final PoolPoller pools;
    private final BudgetLedger budgets;
    private final EscalationRateCap rateCap;
    private final Clock clock;
    private volatile Consumer<EscalationRateCap.Limit> onCapped = limit -> {};

    private Outbound(Map<String, GuardedProvider> providers, PoolPoller pools, EscalationPolicy policy, Clock clock) {
        this.providers = Map.copyOf(providers);
        this.pools = pools;
        this.budgets = new BudgetLedger(policy.budgets(), policy.budgetZone());
        this.rateCap = new EscalationRateCap(policy.rateCap(), limit -> onCapped.accept(limit));
        this.clock = clock;
    }

    /**
     * Connects every approved provider and on-premises pool with the default breaker and retries, and starts polling
     * the pools that declare a {@code capacity} source.
     */
    public static Outbound connect(EscalationPolicy policy, Clock clock) {
        return connect(policy, clock, p -> GuardedProvider.of(p.endpoint()));
    }

    /** @param client builds the guarded client of one provider (tests pass their breaker settings and retries) */
    public static Outbound connect(EscalationPolicy policy, Clock clock,
            Function<ProviderConfig, GuardedProvider> client) {
        Map<String, GuardedProvider> providers = new LinkedHashMap<>();
        Map<String, CapacitySource> polled = new LinkedHashMap<>();
        for (ProviderConfig p : policy.providers()) {
            providers.put(p.id(), client.apply(p));
            if (p.capacity() != null) polled.put(p.id(), p.capacity());
        }
        return new Outbound(providers, new PoolPoller(polled, clock).start(), policy, clock);
    }

    /** The capacity polling of on-premises pools (tests poll by hand through it). */
    public PoolPoller pools() {
        return pools;
    }

    /** Stops polling the pools. */
    @Override
    public void close() {
        pools.close();
    }

    /** The metric hook told each time the escalation cap bites. */
    public void onCapped(Consumer<EscalationRateCap.Limit> hook) {
        this.onCapped = hook;
    }

    public GuardedProvider provider(String id) {
        GuardedProvider p = providers.get(id);
        if (p == null) throw new IllegalArgumentException("no provider '" + id + "'");
        return p;
    }

    public BudgetLedger budgets() {
        return budgets;
    }

    public EscalationRateCap rateCap() {
        return rateCap;
    }

    public Instant now() {
        return clock.instant();
    }

    /** Health, budget headroom and cap state for one request's decision; reserves and counts nothing. */
    EscalationSnapshot snapshot(String tenant, String apiKeyId, Instant now, EscalationRateCap.Verdict cap) {
        Map<String, GuardedProvider.Health> health = new HashMap<>();
        providers.forEach((id, p) -> health.put(id, p.health(now)));
        BudgetLedger.Headroom headroom = budgets.headroom(tenant, apiKeyId, now);
        return new EscalationSnapshot(health, headroom == null ? null : headroom.left(),
                headroom == null ? null : headroom.budget(), cap.allowed() ? null : cap.detail());
    }

    /**
     * A provider target is available while its provider is connected: slots are its {@code maxConcurrency}, in
     * flight what it serves now, and no queue (a provider at its limit is saturated, not waited for). A target of a
     * polled pool has what the pool's last reading says ({@link PoolCapacities}) and the speed measured here.
     *
     * @param measuredSpeed tokens per second measured per target from its answers, 0 when none
     */
    Map<String, TargetCapacity> capacities(Policy policy, Map<String, PoolReading> readings,
            ToDoubleFunction<String> measuredSpeed) {
        Map<String, TargetCapacity> out = new HashMap<>();
        for (Target t : policy.targets()) {
            GuardedProvider p = t.isProvider() ? providers.get(t.provider()) : null;
            if (p == null) continue;
            ProviderConfig config = policy.escalation().provider(t.provider()).orElseThrow();
            PoolReading reading = config.capacity() == null ? null : readings.get(config.id());
            if (reading != null) {
                out.put(t.id(), PoolCapacities.of(t, config, reading, measuredSpeed.applyAsDouble(t.id())));
                continue;
            }
            out.put(t.id(), new TargetCapacity(t.id(), TargetCapacity.State.LOADED, config.maxConcurrency(),
                    p.inFlight(), 0, 0, 0, -1, config.onPremises() ? measuredSpeed.applyAsDouble(t.id()) : 0));
        }
        return out;
    }
}
