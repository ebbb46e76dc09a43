package dev.gatehouse.router.dashboard;

import dev.gatehouse.hardware.HardwareProbe;
import dev.gatehouse.inference.ModelPool;
import dev.gatehouse.router.metrics.GatehouseMetrics;
import dev.gatehouse.router.policy.TargetCapacity;
import dev.gatehouse.router.routing.RequestRouter;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads the dashboard's figures from what the server already keeps: the pool's status (as {@code /v1/pool}), the
 * sampled hardware (as {@code /v1/hardware}), the router's measured speeds, the metrics registry's counters (as
 * {@code /metrics}) and the feed of recent decisions, which it subscribes to the router's finished hook.
 */
public final class DashboardSource {

    /** Decisions listed on the page; the feed keeps no more. */
    static final int RECENT = 25;

    private final ModelPool pool;
    private final RequestRouter router;
    private final HardwareProbe hardware;
    private final GatehouseMetrics metrics;
    private final DecisionFeed feed;
    private final CostPanel costPanel;

    private DashboardSource(ModelPool pool, RequestRouter router, HardwareProbe hardware, GatehouseMetrics metrics) {
        this.pool = pool;
        this.router = router;
        this.hardware = hardware;
        this.metrics = metrics;
        this.feed = new DecisionFeed(RECENT, router.policy().escalation().budgetZone());
        this.costPanel = new CostPanel(router);
    }

    /** A source whose feed the router tells of every finished request from now on. */
    public static DashboardSource watching(ModelPool pool, RequestRouter router, HardwareProbe hardware,
            GatehouseMetrics metrics) {
        DashboardSource source = new DashboardSource(pool, router, hardware, metrics);
        router.onFinished((decision, outcome) ->
                source.feed.add(DecisionSummary.of(decision, outcome, router.policy())));
        return source;
    }

    public DecisionFeed feed() {
        return feed;
    }

    public DashboardInputs read(Instant now) {
        Map<String, Double> speeds = new HashMap<>();
        for (TargetCapacity c : router.capacity().targets().values()) {
            if (c.tokensPerSecond() > 0) speeds.put(c.target(), c.tokensPerSecond());
        }
        return new DashboardInputs(now, pool.status(), speeds, hardware.snapshot(),
                metrics.totals("gatehouse.decisions", "target"),
                metrics.totals("gatehouse.decisions", "destination"),
                metrics.totals("gatehouse.escalation.blocked", "gate"),
                metrics.totals("gatehouse.pii.findings", "type"),
                feed.recent(RECENT), feed.costOn(now), costPanel.read(feed.version()).orElse(null));
    }
}
