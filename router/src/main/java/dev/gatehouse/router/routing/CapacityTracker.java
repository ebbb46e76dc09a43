package dev.gatehouse.router.routing;

import dev.gatehouse.inference.ModelPool;
import dev.gatehouse.inference.ModelStatus;
import dev.gatehouse.manifest.TaskKind;
import dev.gatehouse.router.policy.CapacitySnapshot;
import dev.gatehouse.router.policy.CapacitySnapshot.StickyChoice;
import dev.gatehouse.router.policy.Decision;
import dev.gatehouse.router.policy.TargetCapacity;
import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The router's view of the machine, taken as a {@link CapacitySnapshot} per decision: the pool's states, slots and
 * queues, the generation speed measured per model from completed requests, and the sticky choice per similarity
 * bucket. This is the only mutable routing state; the decision itself stays pure.
 */
public final class CapacityTracker {

    /** Weight of the newest measurement in the moving average of tokens per second. */
    private static final double SPEED_WEIGHT = 0.3;

    private final ModelPool pool;
    private final int maxQueue;
    private final Clock clock;
    private final Map<String, Double> tokensPerSecond = new ConcurrentHashMap<>();
    private final Map<String, StickyChoice> sticky;

    public CapacityTracker(ModelPool pool, int maxQueue, int maxBuckets, Clock clock) {
        this.pool = pool;
        this.maxQueue = maxQueue;
        this.clock = clock;
        this.sticky = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, StickyChoice> eldest) {
                return size() > maxBuckets;
            }
        };
    }

    public CapacitySnapshot snapshot() {
        Map<String, TargetCapacity> targets = new HashMap<>();
        for (ModelStatus s : pool.status()) {
            if (!s.spec().serves(TaskKind.CHAT)) continue;
            TargetCapacity.State state = switch (s.state()) {
                case READY -> TargetCapacity.State.LOADED;
                case LOADING -> TargetCapacity.State.LOADING;
                case UNLOADED -> TargetCapacity.State.COLD;
                case DRAINING -> TargetCapacity.State.DRAINING;
                // the pool restarts a worker that died on the next request (ModelPool.noticeDeath words it so);
                // a model whose load failed stays failed
                case FAILED -> s.lastError() != null && s.lastError().endsWith(" died") ? TargetCapacity.State.COLD
                        : TargetCapacity.State.FAILED;
            };
            String id = s.spec().id();
            targets.put(id, new TargetCapacity(id, state, s.slots(), s.inFlight(), s.queued(), maxQueue,
                    s.contextLength(), s.loadMillis(), tokensPerSecond.getOrDefault(id, 0.0)));
        }
        synchronized (sticky) {
            return new CapacitySnapshot(clock.instant(), targets, new HashMap<>(sticky));
        }
    }

    /** Remembers where the decision's bucket went (the hysteresis output of the decision). */
    public void remember(Decision decision) {
        // a tool's exact answer says nothing about which model similar requests should stay on
        if (decision.refused() || dev.gatehouse.router.tools.ToolSet.isTool(decision.target())) return;
        if (decision.explored()) return; // a draw, not a choice: similar requests must not follow it
        synchronized (sticky) {
            sticky.put(decision.bucket(), new StickyChoice(decision.target(), decision.snapshot().now()));
        }
    }

    /** Tokens per second measured from the target's answers, or 0 before the first. */
    public double measuredSpeed(String target) {
        return tokensPerSecond.getOrDefault(target, 0.0);
    }

    /** Folds one completed generation into the target's measured speed. */
    public void measured(String target, int completionTokens, long generationNanos) {
        if (completionTokens < 2 || generationNanos <= 0) return;
        double speed = completionTokens / (generationNanos / 1e9);
        tokensPerSecond.merge(target, speed, (old, now) -> old + SPEED_WEIGHT * (now - old));
    }
}
