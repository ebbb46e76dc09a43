package dev.gatehouse.inference.placement;

import dev.gatehouse.hardware.HardwareSnapshot;
import dev.gatehouse.hardware.HardwareSnapshot.GpuInfo;
import dev.gatehouse.hardware.HardwareSnapshot.MemoryInfo;
import dev.gatehouse.manifest.DeviceHint;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides where models go. Pure: the same models, snapshot and policy give the same plan, which is how the pool
 * (one model at a time, against live memory) and {@code gatehouse plan} (a whole manifest, against any machine) share
 * it.
 *
 * <p>Models are placed one after the other, pinned ones first, each taking its predicted memory from what is left.
 * For each model, in this order: the whole model on the single GPU it fits most tightly (best fit leaves the larger
 * GPUs for larger models), else split across the fewest GPUs with the most free memory, else as many layers as fit on
 * the GPU with the most free memory and the rest on the CPU, else the CPU. Within each of those the context per slot
 * starts at the ceiling (the manifest's {@code context}, else the smaller of the trained context and the policy's
 * ceiling) and halves down to the minimum context; only then do the slots go down from the default to 1. So a model
 * keeps the GPU with a smaller context rather than moving to the CPU with a larger one. Manifest hints narrow the
 * choices: {@code device: cpu} skips the GPUs, {@code gpu}/{@code gpu:N} forbids the CPU (and other GPUs),
 * {@code gpuLayers} fixes the split, {@code context}/{@code slots} fix those.
 */
public final class Planner {

    private Planner() {}

    public static Plan plan(List<PlannedModel> models, HardwareSnapshot hw, PlacementPolicy policy) {
        MemoryBudget budget = new MemoryBudget(hw, policy);
        List<PlannedModel> ordered = new ArrayList<>(models);
        ordered.sort(Comparator.comparing(m -> !m.spec().serving().pin()));
        List<Placement> placed = new ArrayList<>();
        List<Unplaced> unplaced = new ArrayList<>();
        for (PlannedModel model : ordered) {
            switch (new ModelPlacer(model, budget, policy).place()) {
                case ModelPlacer.Placed(Placement p) -> {
                    budget.take(p);
                    placed.add(p);
                }
                case ModelPlacer.Refused(Unplaced u) -> unplaced.add(u);
            }
        }
        return new Plan(placed, unplaced);
    }

    /**
     * The snapshot as it will look once {@code taken} are loaded and {@code released} are unloaded: how the pool
     * accounts for loads and unloads the (periodically sampled) snapshot cannot have seen yet.
     */
    public static HardwareSnapshot adjust(HardwareSnapshot hw, Collection<Placement> taken,
                                          Collection<Placement> released) {
        long host = hw.memory().freeBytes();
        Map<Integer, Long> gpuDelta = new HashMap<>();
        for (Placement p : taken) {
            host -= p.predicted().hostBytes();
            p.gpuBytes().forEach((i, b) -> gpuDelta.merge(i, -b, Long::sum));
        }
        for (Placement p : released) {
            host += p.predicted().hostBytes();
            p.gpuBytes().forEach((i, b) -> gpuDelta.merge(i, b, Long::sum));
        }
        List<GpuInfo> gpus = hw.gpus().stream().map(g -> {
            long delta = gpuDelta.getOrDefault(g.index(), 0L);
            return new GpuInfo(g.index(), g.name(), g.uuid(), g.totalBytes(), g.usedBytes() - delta,
                    g.freeBytes() + delta, g.utilizationPercent(), g.temperatureC(), g.driverVersion(),
                    g.cudaVersion());
        }).toList();
        MemoryInfo m = hw.memory();
        return new HardwareSnapshot(hw.takenAt(), hw.cpu(), new MemoryInfo(m.totalBytes(), host, m.processRssBytes()),
                gpus, hw.gpuNote());
    }

    /** The one GPU a hint allows, or every GPU. */
    static List<Integer> allowedGpus(DeviceHint hint, MemoryBudget budget) {
        if (hint == null || hint.gpu().isEmpty()) return budget.gpuIndexes();
        int only = hint.gpu().getAsInt();
        return budget.hasGpu(only) ? List.of(only) : List.of();
    }
}
