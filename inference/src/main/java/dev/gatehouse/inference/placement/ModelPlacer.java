package dev.gatehouse.inference.placement;

import static dev.gatehouse.inference.placement.ByteSize.format;

import dev.gatehouse.manifest.DeviceHint;
import dev.gatehouse.manifest.ServingHints;
import dev.gatehouse.manifest.memory.MemoryEstimate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Places one model against what is left of the budget; see {@link Planner} for the order of choices. */
final class ModelPlacer {
    sealed interface Outcome permits Placed, Refused {}

    record Placed(Placement placement) implements Outcome {}

    record Refused(Unplaced unplaced) implements Outcome {}

    /** One way to load the model: context per slot and parallel slots. */
    record Shape(int context, int slots) {}

    private final PlannedModel model;
    private final MemoryBudget budget;
    private final PlacementPolicy policy;
    private final ServingHints hints;
    private final List<Shape> shapes;
    private final List<Reason> hintReasons = new ArrayList<>();

    ModelPlacer(PlannedModel model, MemoryBudget budget, PlacementPolicy policy) {
        this.model = model;
        this.budget = budget;
        this.policy = policy;
        this.hints = model.spec().serving();
        this.shapes = shapes(model, policy);
    }

    Outcome place() {
        DeviceHint device = hints.device();
        Integer fixedLayers = hints.gpuLayers();
        // CPU hints are the main reason of a CPU placement (cpuReason), the others travel along with it
        if (device != null && device.kind() == DeviceHint.Kind.GPU) {
            hintReasons.add(new Reason(ReasonCode.MANIFEST_GPU, "manifest pins device " + device));
        }
        if (fixedLayers != null && fixedLayers > 0) {
            hintReasons.add(new Reason(ReasonCode.MANIFEST_LAYERS, "manifest sets gpuLayers " + fixedLayers));
        }
        boolean cpuOnly = model.layers() == 0 || (device != null && device.kind() == DeviceHint.Kind.CPU)
                || (fixedLayers != null && fixedLayers == 0);
        List<Integer> gpus = cpuOnly ? List.of() : Planner.allowedGpus(device, budget);
        boolean gpuRequired = device != null && device.kind() == DeviceHint.Kind.GPU;
        if (gpuRequired && gpus.isEmpty()) {
            return refuse(new Reason(ReasonCode.DOES_NOT_FIT, "manifest pins device " + device + " but "
                    + (budget.gpuIndexes().isEmpty() ? "the machine has no GPU" + note()
                    : "the GPUs are " + budget.gpuIndexes().stream().map(i -> "GPU" + i).toList())));
        }
        int all = model.layers() + 1;
        if (!gpus.isEmpty() && (fixedLayers == null || fixedLayers >= model.layers())) {
            int layers = fixedLayers == null ? all : fixedLayers;
            for (Shape shape : shapes) {
                Placement p = onOneGpu(shape, layers, gpus);
                if (p != null) return new Placed(p);
            }
            if (gpus.size() > 1) {
                for (Shape shape : shapes) {
                    Placement p = split(shape, layers, gpus);
                    if (p != null) return new Placed(p);
                }
            }
        }
        if (!gpus.isEmpty() && (fixedLayers == null || fixedLayers < model.layers())) {
            for (Shape shape : shapes) {
                Placement p = partial(shape, fixedLayers, gpus);
                if (p != null) return new Placed(p);
            }
        }
        if (!gpuRequired) {
            for (Shape shape : shapes) {
                MemoryEstimate e = model.estimate(shape.context(), shape.slots(), policy, 0);
                if (e.hostBytes() <= budget.host()) {
                    long headroom = budget.host() - e.hostBytes();
                    Reason why = cpuReason(device, fixedLayers);
                    return new Placed(placement(Device.CPU, 0, shape, e, Map.of(), headroom,
                            new Reason(why.code(), why.detail() + "; fits in RAM with " + format(headroom)
                                    + " free after reserve")));
                }
            }
        }
        return refuse(shortfall(gpus, gpuRequired));
    }

    private Placement onOneGpu(Shape shape, int layers, List<Integer> gpus) {
        MemoryEstimate e = model.estimate(shape.context(), shape.slots(), policy, layers);
        if (e.hostBytes() > budget.host()) return null;
        Integer best = gpus.stream().filter(g -> e.gpuBytes() <= budget.gpu(g))
                .min(Comparator.comparingLong(g -> budget.gpu(g) - e.gpuBytes())).orElse(null);
        if (best == null) return null;
        long headroom = budget.gpu(best) - e.gpuBytes();
        return placement(Device.gpu(best), layers, shape, e, Map.of(best, e.gpuBytes()), headroom,
                new Reason(ReasonCode.FITS_ONE_GPU, "fits on GPU" + best + " with " + format(headroom)
                        + " free after reserve"));
    }

    /** The fewest GPUs (most free first) that hold it together, each taking a share proportional to its free memory. */
    private Placement split(Shape shape, int layers, List<Integer> gpus) {
        MemoryEstimate e = model.estimate(shape.context(), shape.slots(), policy, layers);
        if (e.hostBytes() > budget.host()) return null;
        List<Integer> byFree = gpus.stream().filter(g -> budget.gpu(g) > 0)
                .sorted(Comparator.comparingLong(budget::gpu).reversed()).toList();
        List<Integer> chosen = new ArrayList<>();
        long together = 0;
        for (int g : byFree) {
            chosen.add(g);
            together += budget.gpu(g);
            if (together >= e.gpuBytes()) break;
        }
        if (together < e.gpuBytes() || chosen.size() < 2) return null;
        Map<Integer, Long> shares = new LinkedHashMap<>();
        long assigned = 0;
        for (int i = 0; i < chosen.size(); i++) {
            int g = chosen.get(i);
            long share = i == chosen.size() - 1 ? e.gpuBytes() - assigned
                    : (long) ((double) e.gpuBytes() * budget.gpu(g) / together);
            shares.put(g, share);
            assigned += share;
        }
        long headroom = chosen.stream().mapToLong(g -> budget.gpu(g) - shares.get(g)).min().orElse(0);
        List<Integer> sorted = chosen.stream().sorted().toList();
        return placement(Device.split(sorted), layers, shape, e, shares, headroom,
                new Reason(ReasonCode.SPLIT_ACROSS_GPUS, "larger than any single GPU (most free: GPU" + byFree.getFirst()
                        + " " + format(budget.gpu(byFree.getFirst())) + " after reserve): " + format(e.gpuBytes())
                        + " split across " + sorted.stream().map(g -> "GPU" + g).toList()));
    }

    /** As many layers as fit on the GPU with the most free memory (or exactly the manifest's), the rest on the CPU. */
    private Placement partial(Shape shape, Integer fixedLayers, List<Integer> gpus) {
        int gpu = gpus.stream().max(Comparator.comparingLong(budget::gpu)).orElseThrow();
        int lo = 1;
        int hi = model.layers();
        if (fixedLayers != null) {
            lo = fixedLayers;
            hi = fixedLayers;
        }
        int best = 0;
        MemoryEstimate bestEstimate = null;
        while (lo <= hi) { // more layers never need less VRAM, so the largest that fits is found by halving
            int mid = (lo + hi) >>> 1;
            MemoryEstimate e = model.estimate(shape.context(), shape.slots(), policy, mid);
            if (e.gpuBytes() <= budget.gpu(gpu) && e.hostBytes() <= budget.host()) {
                best = mid;
                bestEstimate = e;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        if (best == 0) return null;
        long headroom = Math.min(budget.gpu(gpu) - bestEstimate.gpuBytes(), budget.host() - bestEstimate.hostBytes());
        String what = fixedLayers != null ? "manifest asks for " + best + " of " + model.layers() + " layers on GPU" + gpu
                : "larger than any GPU: " + best + " of " + model.layers() + " layers on GPU" + gpu;
        return placement(Device.partial(gpu), best, shape, bestEstimate, Map.of(gpu, bestEstimate.gpuBytes()),
                headroom, new Reason(ReasonCode.PARTIAL_OFFLOAD, what + ", the rest on the CPU"));
    }

    private Placement placement(Device device, int gpuLayers, Shape shape, MemoryEstimate e, Map<Integer, Long> gpuBytes,
                                long headroom, Reason main) {
        List<Reason> reasons = new ArrayList<>();
        reasons.add(main);
        reasons.addAll(hintReasons);
        Shape first = shapes.getFirst();
        if (shape.context() < first.context()) {
            reasons.add(new Reason(ReasonCode.CONTEXT_REDUCED, "context " + shape.context() + " instead of "
                    + first.context() + " to fit"));
        }
        if (shape.slots() < first.slots()) {
            reasons.add(new Reason(ReasonCode.SLOTS_REDUCED, shape.slots() + " slots instead of " + first.slots()
                    + " to fit"));
        }
        return new Placement(model.id(), device, gpuLayers, model.layers(), shape.context(), shape.slots(), e, gpuBytes,
                headroom, reasons);
    }

    private Reason cpuReason(DeviceHint device, Integer fixedLayers) {
        if (model.layers() == 0) {
            return new Reason(ReasonCode.CPU_ONLY_MODEL, "this kind of model runs on the CPU only");
        }
        if (device != null && device.kind() == DeviceHint.Kind.CPU) {
            return new Reason(ReasonCode.MANIFEST_CPU, "manifest pins device cpu");
        }
        if (fixedLayers != null && fixedLayers == 0) {
            return new Reason(ReasonCode.MANIFEST_LAYERS, "manifest sets gpuLayers 0");
        }
        if (budget.gpuIndexes().isEmpty()) {
            return new Reason(ReasonCode.NO_GPU, "no GPU" + note());
        }
        return new Reason(ReasonCode.NO_GPU_ROOM, "not one layer fits in the GPUs' free memory");
    }

    /** Why nothing fits, with the figures for the smallest shape: "needs 5.1 GiB VRAM, 3.2 GiB free on GPU0". */
    private Reason shortfall(List<Integer> gpus, boolean gpuRequired) {
        Shape smallest = shapes.getLast();
        List<String> parts = new ArrayList<>();
        if (!gpus.isEmpty()) {
            int gpu = gpus.stream().max(Comparator.comparingLong(budget::gpu)).orElseThrow();
            MemoryEstimate onGpu = model.estimate(smallest.context(), smallest.slots(), policy, model.layers() + 1);
            parts.add("needs " + format(onGpu.gpuBytes()) + " VRAM, " + format(Math.max(0, budget.gpu(gpu)))
                    + " free on GPU" + gpu + " after reserve");
        }
        if (!gpuRequired) {
            MemoryEstimate onCpu = model.estimate(smallest.context(), smallest.slots(), policy, 0);
            parts.add("needs " + format(onCpu.hostBytes()) + " RAM on the CPU, " + format(Math.max(0, budget.host()))
                    + " free after reserve");
        } else if (gpus.isEmpty()) {
            parts.add("no GPU" + note());
        }
        return new Reason(ReasonCode.DOES_NOT_FIT, String.join("; ", parts) + " (at context " + smallest.context()
                + ", " + smallest.slots() + (smallest.slots() == 1 ? " slot)" : " slots)"));
    }

    private Outcome refuse(Reason main) {
        List<Reason> reasons = new ArrayList<>();
        reasons.add(main);
        reasons.addAll(hintReasons);
        return new Refused(new Unplaced(model.id(), reasons));
    }

    private String note() {
        return budget.gpuNote == null || budget.gpuNote.isBlank() ? "" : " (" + budget.gpuNote + ")";
    }

    /** Largest first: the context halves down to the minimum, then the slots go down to 1 at the minimum context. */
    static List<Shape> shapes(PlannedModel model, PlacementPolicy policy) {
        ServingHints hints = model.spec().serving();
        Integer fixedContext = model.spec().context();
        Integer fixedSlots = model.spec().slots();
        int ceiling;
        int floor;
        if (fixedContext != null) {
            ceiling = fixedContext;
            floor = fixedContext;
        } else {
            ceiling = model.trainedContext() > 0 ? Math.min(model.trainedContext(), policy.contextCeiling())
                    : policy.contextCeiling();
            floor = Math.min(ceiling, hints.minContext() != null ? hints.minContext() : policy.minContext());
        }
        int slots = fixedSlots != null ? fixedSlots : policy.defaultSlots();
        List<Shape> shapes = new ArrayList<>();
        for (int c = ceiling; c > floor; c /= 2) {
            shapes.add(new Shape(c, slots));
        }
        shapes.add(new Shape(floor, slots));
        if (fixedSlots == null) {
            for (int s = slots - 1; s >= 1; s--) {
                shapes.add(new Shape(floor, s));
            }
        }
        return shapes;
    }
}
