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
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The mutable state of escalation, next to {@link CapacityTracker}: one guarded client per approved provider
 * (circuit breaker, concurrency limit, retries), the budget ledger and the escalation cap. It reads their state into
 * the decision's snapshot; the endpoint reserves budgets and calls providers through it.
 */
public final class Outbound {

    private final Map<String, GuardedProvider> providers;
    private final BudgetLedger budgets;
    private final EscalationRateCap rateCap;
    private final Clock clock;
    private volatile Consumer<EscalationRateCap.Limit> onCapped = limit -> {};

    private Outbound(Map<String, GuardedProvider> providers, EscalationPolicy policy, Clock clock) {
        this.providers = Map.copyOf(providers);
        this.budgets = new BudgetLedger(policy.budgets(), policy.budgetZone());
        this.rateCap = new EscalationRateCap(policy.rateCap(), limit -> onCapped.accept(limit));
        this.clock = clock;
    }

    /** Connects every approved provider with the default breaker and retries. */
    public static Outbound connect(EscalationPolicy policy, Clock clock) {
        return connect(policy, clock, p -> GuardedProvider.of(p.endpoint()));
    }

    /** @param client builds the guarded client of one provider (tests pass their breaker settings and retries) */
    public static Outbound connect(EscalationPolicy policy, Clock clock,
            Function<ProviderConfig, GuardedProvider> client) {
        Map<String, GuardedProvider> providers = new LinkedHashMap<>();
        for (ProviderConfig p : policy.providers()) {
            providers.put(p.id(), client.apply(p));
        }
        return new Outbound(providers, policy, clock);
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
     * flight what it serves now, and no queue (a provider at its limit is saturated, not waited for).
     */
    Map<String, TargetCapacity> capacities(Policy policy) {
        Map<String, TargetCapacity> out = new HashMap<>();
        for (Target t : policy.targets()) {
            GuardedProvider p = t.isProvider() ? providers.get(t.provider()) : null;
            if (p == null) continue;
            int slots = policy.escalation().provider(t.provider()).orElseThrow().maxConcurrency();
            out.put(t.id(), new TargetCapacity(t.id(), TargetCapacity.State.LOADED, slots, p.inFlight(), 0, 0, 0,
                    -1, 0));
        }
        return out;
    }
}
