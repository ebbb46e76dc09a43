package dev.gatehouse.router.policy;

import dev.gatehouse.router.escalation.ProviderConfig;
import dev.gatehouse.router.policy.Decision.Reason;
import dev.gatehouse.router.policy.Decision.Rejection;
import dev.gatehouse.router.pools.PoolLoad;
import dev.gatehouse.router.pools.PoolReading;
import java.util.List;

/**
 * The checks of a target served by a polled pool, from the pool's last reading in the snapshot: a reading older
 * than the pool's {@code staleAfter} (or none yet) is {@code pool_stale}, a pool whose queue is at its limit (or
 * whose KV cache is full) is {@code pool_full}. KV-cache-aware placement inside the pool stays the pool's own
 * business (vLLM, llm-d); this only decides whether to send it anything.
 */
final class PoolGate {

    private PoolGate() {}

    /** The rejection of a target of a polled pool, or null when the pool may take the request. */
    static Rejection check(Target t, ProviderConfig pool, CapacitySnapshot snapshot) {
        PoolReading reading = snapshot.pools().getOrDefault(pool.id(), PoolReading.none(pool.id()));
        String stale = reading.whyStale(snapshot.now(), pool.capacity().staleAfter());
        if (stale != null) {
            return new Rejection(t.id(), ReasonCode.POOL_STALE, stale);
        }
        String model = t.id().substring(pool.id().length() + 1);
        PoolLoad load = reading.load(model).orElse(null);
        if (load == null) {
            return new Rejection(t.id(), ReasonCode.NOT_AVAILABLE, "pool " + pool.id() + " serves no chat model");
        }
        String full = load.whyFull(pool.capacity());
        if (full != null) {
            return new Rejection(t.id(), ReasonCode.POOL_FULL, "pool " + pool.id() + ": " + full);
        }
        return null;
    }

    /**
     * Says so when a pool target was chosen while the machine's own models that passed the checks had no free slot:
     * the request overflows to the pool instead of queueing here.
     */
    static void explainOverflow(Policy policy, CapacitySnapshot snapshot, List<Target> eligible, String chosen,
            List<Reason> reasons) {
        Target target = policy.target(chosen).orElse(null);
        if (target == null || target.isManifestModel() || !target.local()) return;
        List<Target> own = eligible.stream().filter(Target::isManifestModel).toList();
        if (own.isEmpty()) return;
        StringBuilder busy = new StringBuilder();
        for (Target t : own) {
            TargetCapacity cap = snapshot.targets().get(t.id());
            if (cap == null || cap.freeSlots() > 0) return;
            busy.append(busy.isEmpty() ? "" : ", ").append(t.id()).append(' ').append(cap.inFlight()).append('/')
                    .append(cap.slots()).append(" slots busy, ").append(cap.queued()).append(" queued");
        }
        TargetCapacity pool = snapshot.targets().get(chosen);
        reasons.add(new Reason(ReasonCode.POOL_OVERFLOW, "own models have no free slot (" + busy + "); " + chosen
                + (pool == null ? "" : " has " + pool.freeSlots() + " free") + " on premises"));
    }
}
