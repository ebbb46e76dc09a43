package dev.gatehouse.inference;

import dev.gatehouse.hardware.HardwareSnapshot;
import dev.gatehouse.inference.placement.Placement;
import dev.gatehouse.inference.placement.PlacementPolicy;
import dev.gatehouse.inference.placement.Plan;
import dev.gatehouse.inference.placement.PlannedModel;
import dev.gatehouse.inference.placement.Planner;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * What the pool does to load one model: where it goes and which idle models to unload first, or why it cannot.
 * Computed under the pool's lock from the entries, a hardware snapshot and the time; carried out outside it.
 */
sealed interface LoadDecision {

    /** Load with this placement once {@code evict} are unloaded (least recently used first). */
    record Load(Placement placement, List<PoolEntry> evict) implements LoadDecision {}

    /** Nothing fits even with every idle model unloaded. */
    record NoRoom(String message) implements LoadDecision {}

    /**
     * The best placement the model can get, reached by unloading the fewest least recently used idle models.
     * Evicting is only worth it when it improves the placement (a better device, more layers on the GPU, more
     * context or slots); otherwise the model takes what is free now.
     *
     * @param evictAll unload every idle model before placing (the last retry after a load ran out of memory)
     */
    static LoadDecision decide(PoolEntry target, PlannedModel model, Collection<PoolEntry> entries, HardwareSnapshot hw,
                               PlacementPolicy policy, boolean evictAll) {
        HardwareSnapshot free = freeNow(target, entries, hw);
        List<PoolEntry> idle = entries.stream().filter(e -> e != target && e.evictable() && e.placement != null)
                .sorted(Comparator.comparing((PoolEntry e) -> e.lastUsed, Comparator.nullsFirst(Comparator.naturalOrder())))
                .toList();
        Plan now = plan(model, free, List.of(), policy);
        Plan best = plan(model, free, idle, policy);
        if (evictAll) {
            return outcome(best, idle, target, model, entries);
        }
        if (rank(best, model) <= rank(now, model)) {
            return outcome(now, List.of(), target, model, entries);
        }
        for (int k = 1; k <= idle.size(); k++) {
            Plan after = plan(model, free, idle.subList(0, k), policy);
            if (rank(after, model) >= rank(best, model)) {
                return outcome(after, List.copyOf(idle.subList(0, k)), target, model, entries);
            }
        }
        return outcome(best, idle, target, model, entries);
    }

    /**
     * The snapshot corrected for what it cannot have seen yet: models that began loading after it was taken take
     * their predicted memory, models unloaded since give theirs back. The target itself is not counted.
     */
    private static HardwareSnapshot freeNow(PoolEntry target, Collection<PoolEntry> entries, HardwareSnapshot hw) {
        List<Placement> taken = new ArrayList<>();
        List<Placement> released = new ArrayList<>();
        Instant seen = hw.takenAt();
        for (PoolEntry e : entries) {
            if (e == target || e.placement == null) continue;
            boolean now = e.holdsMemory();
            boolean then = e.heldMemoryAt(seen);
            if (now && !then) taken.add(e.placement);
            if (then && !now) released.add(e.placement);
        }
        return Planner.adjust(hw, taken, released);
    }

    private static Plan plan(PlannedModel model, HardwareSnapshot free, List<PoolEntry> evicted, PlacementPolicy policy) {
        HardwareSnapshot after = Planner.adjust(free, List.of(), evicted.stream().map(e -> e.placement).toList());
        return Planner.plan(List.of(model), after, policy);
    }

    /** Higher is better: placed over not, then device (GPU, split, partial, CPU), layers on GPU, context × slots. */
    private static long rank(Plan plan, PlannedModel model) {
        return plan.placement(model.id()).map(p -> {
            long device = 4 - p.device().kind().ordinal();
            return (device << 50) + ((long) p.gpuLayers() << 36) + Math.min((long) p.context() * p.slots(), 1L << 35);
        }).orElse(-1L);
    }

    private static LoadDecision outcome(Plan plan, List<PoolEntry> evict, PoolEntry target, PlannedModel model,
                                        Collection<PoolEntry> entries) {
        return plan.placement(model.id()).<LoadDecision>map(p -> new Load(p, evict)).orElseGet(() -> {
            long inUse = entries.stream().filter(e -> e != target && e.holdsMemory() && !e.evictable()).count();
            return new NoRoom(plan.refusal(model.id()).orElseThrow().why() + ", " + inUse
                    + (inUse == 1 ? " model" : " models") + " in use");
        });
    }
}
