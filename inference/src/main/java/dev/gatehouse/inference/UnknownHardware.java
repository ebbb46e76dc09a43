package dev.gatehouse.inference;

import dev.gatehouse.hardware.HardwareProbe;
import dev.gatehouse.hardware.HardwareSnapshot;
import dev.gatehouse.inference.placement.PlannedModel;
import dev.gatehouse.manifest.ModelSpec;
import dev.gatehouse.manifest.memory.MemoryEstimate;
import java.time.Instant;
import java.util.List;

/**
 * What a pool built without a probe assumes: plenty of RAM, no GPU, and models that need nothing. Every model then
 * loads on the CPU with the default context and slots, as before placement existed.
 */
final class UnknownHardware {
    private static final long PLENTY = Long.MAX_VALUE / 4;
    private static final MemoryEstimate NOTHING = new MemoryEstimate(0, 0, 0, 0, 0, 0, 0);

    static final HardwareProbe PROBE = () -> new HardwareSnapshot(Instant.EPOCH,
            new HardwareSnapshot.CpuInfo("unknown", Runtime.getRuntime().availableProcessors(), -1, -1, -1),
            new HardwareSnapshot.MemoryInfo(PLENTY, PLENTY, -1), List.of(), "no hardware probe given to the pool");

    private UnknownHardware() {}

    static PlannedModel plannedModel(ModelSpec spec) {
        return new PlannedModel(spec, 0, 0, request -> NOTHING);
    }
}
