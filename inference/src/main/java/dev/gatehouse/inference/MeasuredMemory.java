package dev.gatehouse.inference;

import dev.gatehouse.hardware.HardwareSnapshot;
import dev.gatehouse.hardware.ProcessMemory;
import dev.gatehouse.inference.placement.ByteSize;
import dev.gatehouse.inference.placement.Placement;

/**
 * What a load really took, to log next to what the planner predicted: the worker's resident memory after the load,
 * and the rise in VRAM used on the model's GPUs between the snapshots before and after it (only when the probe has
 * sampled since the load began; -1 otherwise).
 */
record MeasuredMemory(long residentBytes, long vramDeltaBytes) {

    static MeasuredMemory after(LoadedModel model, Placement placement, HardwareSnapshot before,
                                HardwareSnapshot after) {
        long rss = model.pid() > 0 ? ProcessMemory.residentBytes(model.pid()).orElse(-1) : -1;
        long vram = -1;
        if (placement.device().usesGpu() && after.takenAt().isAfter(before.takenAt())) {
            vram = 0;
            for (int index : placement.gpuBytes().keySet()) {
                vram += used(after, index) - used(before, index);
            }
        }
        return new MeasuredMemory(rss, vram);
    }

    private static long used(HardwareSnapshot hw, int index) {
        return hw.gpus().stream().filter(g -> g.index() == index).mapToLong(HardwareSnapshot.GpuInfo::usedBytes)
                .findFirst().orElse(0);
    }

    String describe(Placement placement) {
        var predicted = placement.predicted();
        StringBuilder text = new StringBuilder("predicted ");
        if (placement.device().usesGpu()) {
            text.append(ByteSize.format(predicted.gpuBytes())).append(" VRAM + ");
        }
        text.append(ByteSize.format(predicted.hostBytes())).append(" RAM, measured ");
        text.append(residentBytes < 0 ? "RSS n/a (in process)" : "RSS " + ByteSize.format(residentBytes));
        if (placement.device().usesGpu()) {
            text.append(vramDeltaBytes < 0 ? ", VRAM n/a (no GPU sample since the load)"
                    : ", VRAM +" + ByteSize.format(vramDeltaBytes));
        }
        return text.toString();
    }
}
