package dev.gatehouse.inference.placement;

import dev.gatehouse.hardware.HardwareSnapshot;
import dev.gatehouse.hardware.HardwareSnapshot.GpuInfo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Memory still usable (free minus reserve) on the host and on each GPU while a plan is being built. */
final class MemoryBudget {
    private long host;
    private final Map<Integer, Long> gpus = new LinkedHashMap<>();
    final String gpuNote;

    MemoryBudget(HardwareSnapshot hw, PlacementPolicy policy) {
        host = hw.memory().freeBytes() - policy.hostReserveBytes();
        for (GpuInfo gpu : hw.gpus()) {
            gpus.put(gpu.index(), gpu.freeBytes() - policy.gpuReserveBytes());
        }
        gpuNote = hw.gpuNote();
    }

    long host() {
        return host;
    }

    long gpu(int index) {
        return gpus.getOrDefault(index, 0L);
    }

    List<Integer> gpuIndexes() {
        return new ArrayList<>(gpus.keySet());
    }

    boolean hasGpu(int index) {
        return gpus.containsKey(index);
    }

    void take(Placement p) {
        host -= p.predicted().hostBytes();
        p.gpuBytes().forEach((index, bytes) -> gpus.merge(index, -bytes, Long::sum));
    }
}
