package dev.gatehouse.router.routing;

import dev.gatehouse.router.escalation.ProviderConfig;
import dev.gatehouse.router.policy.Target;
import dev.gatehouse.router.policy.TargetCapacity;
import dev.gatehouse.router.pools.PoolLoad;
import dev.gatehouse.router.pools.PoolReading;

/**
 * A pool target's capacity from the pool's last reading, in the terms the decision's latency estimate uses. A
 * Gatehouse peer reports slots and queues as this machine does. An engine (vLLM, llama-server) batches continuously
 * and publishes no slot count: while nothing waits, a new request starts at once (one free slot beyond those
 * running); once requests wait, they drain at the pace of the running ones.
 */
final class PoolCapacities {

    private PoolCapacities() {}

    static TargetCapacity of(Target t, ProviderConfig pool, PoolReading reading, double measuredSpeed) {
        String model = t.id().substring(pool.id().length() + 1);
        PoolLoad load = reading.load(model).orElse(null);
        if (load == null) {
            // never answered, or no chat model: the pool's checks reject it with the reason; nothing to estimate
            return new TargetCapacity(t.id(), TargetCapacity.State.LOADED, pool.maxConcurrency(), 0, 0, 0, 0, -1,
                    measuredSpeed);
        }
        TargetCapacity.State state = switch (load.state()) {
            case READY -> TargetCapacity.State.LOADED;
            case LOADING -> TargetCapacity.State.LOADING;
            case COLD -> TargetCapacity.State.COLD;
            case DRAINING -> TargetCapacity.State.DRAINING;
            case FAILED -> TargetCapacity.State.FAILED;
        };
        int limit = load.waitLimit(pool.capacity());
        int slots = load.slots() >= 0 ? load.slots() : load.busy() + (load.waiting() == 0 ? 1 : 0);
        return new TargetCapacity(t.id(), state, slots, load.busy(), load.waiting(), limit, load.contextLength(),
                load.loadMillis(), measuredSpeed);
    }
}
