package dev.gatehouse.inference.placement;

import dev.gatehouse.hardware.HardwareSnapshot;
import dev.gatehouse.hardware.HardwareSnapshot.CpuInfo;
import dev.gatehouse.hardware.HardwareSnapshot.GpuInfo;
import dev.gatehouse.hardware.HardwareSnapshot.MemoryInfo;
import dev.gatehouse.manifest.DeviceHint;
import dev.gatehouse.manifest.ModelFormat;
import dev.gatehouse.manifest.ModelSpec;
import dev.gatehouse.manifest.ServingHints;
import dev.gatehouse.manifest.TaskKind;
import dev.gatehouse.manifest.Tier;
import dev.gatehouse.manifest.memory.MemoryEstimate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Hand-made machines and models for placement tests. The models' memory follows a simple linear rule, so the
 * expected placements can be worked out by hand: each of the {@code layers} blocks weighs weights/layers, the output
 * layer 1/20 of the weights, the KV cache {@link #KV_PER_TOKEN} per token of context × slots (split like the blocks),
 * 256 MiB of compute buffer on each side that holds layers and 128 MiB of fixed host overhead.
 */
public final class Machines {
    public static final long GIB = ByteSize.GIB;
    public static final long MIB = ByteSize.MIB;
    public static final long KV_PER_TOKEN = 128 * 1024;
    public static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

    private Machines() {}

    /** A machine with {@code ramFreeGib} of free RAM and GPUs with the given free GiB (each 80 GiB total). */
    public static HardwareSnapshot machine(double ramFreeGib, double... gpuFreeGib) {
        List<GpuInfo> gpus = new ArrayList<>();
        for (int i = 0; i < gpuFreeGib.length; i++) {
            long free = (long) (gpuFreeGib[i] * GIB);
            gpus.add(new GpuInfo(i, "Test GPU " + i, "GPU-" + i, 80 * GIB, 80 * GIB - free, free, 0, 40, "550", "12.4"));
        }
        return new HardwareSnapshot(T0, new CpuInfo("Test CPU", 16, 0, 0, 0),
                new MemoryInfo(256 * GIB, (long) (ramFreeGib * GIB), 0), gpus,
                gpus.isEmpty() ? "no NVIDIA GPU in this test machine" : null);
    }

    public static PlacementPolicy policy() {
        return PlacementPolicy.defaults(2, 8192);
    }

    public static PlannedModel model(String id, double weightsGib, int layers, int trained, ServingHints hints) {
        return model(spec(id, null, null, hints), weightsGib, layers, trained);
    }

    public static PlannedModel model(ModelSpec spec, double weightsGib, int layers, int trained) {
        long weights = (long) (weightsGib * GIB);
        long output = weights / 20;
        long perLayer = (weights - output) / layers;
        return new PlannedModel(spec, layers, trained, r -> {
            int onGpu = Math.min(r.gpuLayers(), layers);
            boolean outputOnGpu = r.gpuLayers() > layers;
            long kv = (long) r.context() * r.slots() * KV_PER_TOKEN;
            long kvGpu = kv * onGpu / layers;
            long weightsGpu = perLayer * onGpu + (outputOnGpu ? output : 0);
            return new MemoryEstimate(weightsGpu, weights - weightsGpu, kvGpu, kv - kvGpu,
                    onGpu > 0 ? 256 * MIB : 0, onGpu < layers ? 256 * MIB : 0, 128 * MIB);
        });
    }

    public static ModelSpec spec(String id, Integer slots, Integer context, ServingHints hints) {
        return new ModelSpec(id, List.of(), ModelFormat.GGUF, id + ".gguf", null, null, null, Set.of(TaskKind.CHAT),
                Tier.SMALL, false, slots, context, null, hints);
    }

    public static ServingHints device(DeviceHint device) {
        return new ServingHints(null, null, false, device, null, null);
    }

    public static ServingHints layers(int gpuLayers) {
        return new ServingHints(null, null, false, null, gpuLayers, null);
    }

    public static ServingHints pinned() {
        return new ServingHints(null, ServingHints.FOREVER, true, null, null, null);
    }
}
