package dev.gatehouse.inference;

import dev.gatehouse.inference.placement.Device;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Which GPUs a worker may see, as the CUDA runtime reads it. The planner chose the devices; hiding the others makes
 * llama.cpp use exactly those (and split layers across a planned pair by their free memory, as the planner did).
 * A CPU placement hides every GPU, so a model planned for RAM cannot take VRAM another model was promised.
 */
final class GpuVisibility {
    static final String VARIABLE = "CUDA_VISIBLE_DEVICES";

    private GpuVisibility() {}

    static Map<String, String> of(Device device) {
        String visible = device.gpus().stream().map(String::valueOf).collect(Collectors.joining(","));
        return Map.of(VARIABLE, device.usesGpu() ? visible : "");
    }
}
