package dev.gatehouse.inference.placement;

import dev.gatehouse.manifest.memory.MemoryEstimate;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Where one model goes and how it is loaded, with the reasons.
 *
 * @param id            the model
 * @param device        gpu:N, gpus:0,1, partial:gpu:N or cpu
 * @param gpuLayers     llama.cpp's {@code n_gpu_layers}: 0 on the CPU, {@code layers + 1} when everything (output
 *                      included) is on GPUs
 * @param layers        transformer blocks the model has
 * @param context       context per slot
 * @param slots         parallel slots
 * @param predicted     the estimate for exactly this configuration
 * @param gpuBytes      predicted VRAM per GPU index (empty on the CPU)
 * @param headroomBytes memory left after reserve on the tightest device the model uses
 * @param reasons       why, most important first
 */
public record Placement(String id, Device device, int gpuLayers, int layers, int context, int slots,
                        MemoryEstimate predicted, Map<Integer, Long> gpuBytes, long headroomBytes,
                        List<Reason> reasons) {

    public Placement {
        gpuBytes = Map.copyOf(gpuBytes);
        reasons = List.copyOf(reasons);
    }

    /** The reasons in words, joined: what {@code gatehouse plan} and the load log print. */
    public String why() {
        return reasons.stream().map(Reason::detail).collect(Collectors.joining("; "));
    }

    public List<ReasonCode> codes() {
        return reasons.stream().map(Reason::code).toList();
    }

    public boolean allLayersOnGpu() {
        return gpuLayers > layers;
    }
}
