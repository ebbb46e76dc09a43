package dev.gatehouse.natives.llamacpp.gpucheck;

import dev.gatehouse.natives.NativeException;
import dev.gatehouse.natives.nvml.Nvml;
import dev.gatehouse.natives.nvml.NvmlDevice;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * VRAM in use on GPU 0 (the one the check loads onto), read through NVML. Without NVML (the CPU smoke run, or a
 * driver whose library was not found) every reading is -1 and {@link #absentBecause()} says why, so the report shows
 * "not measured" rather than zero.
 */
final class VramProbe implements AutoCloseable {

    private final Nvml nvml;
    private final String absentBecause;

    private VramProbe(Nvml nvml, String absentBecause) {
        this.nvml = nvml;
        this.absentBecause = absentBecause;
    }

    static VramProbe open(String library) {
        if (library == null) return new VramProbe(null, "no NVML library given (--nvml)");
        try {
            Nvml nvml = Nvml.open(library);
            if (nvml.devices().isEmpty()) {
                nvml.close();
                return new VramProbe(null, "NVML sees no GPU");
            }
            return new VramProbe(nvml, null);
        } catch (NativeException e) {
            return new VramProbe(null, e.getMessage());
        }
    }

    /** Bytes in use on GPU 0 now (all processes, the driver's reservation included), or -1 without NVML. */
    long usedBytes() {
        return nvml == null ? -1 : nvml.devices().getFirst().usedBytes();
    }

    /** The card as NVML names it, for the report; empty without NVML. */
    Map<String, Object> card() {
        Map<String, Object> card = new LinkedHashMap<>();
        if (nvml == null) {
            card.put("measured", false);
            card.put("why", absentBecause);
            return card;
        }
        NvmlDevice gpu = nvml.devices().getFirst();
        card.put("measured", true);
        card.put("name", gpu.name());
        card.put("total_mib", gpu.totalBytes() >> 20);
        card.put("driver", nvml.driverVersion());
        card.put("cuda_driver_api", nvml.cudaVersion());
        card.put("gpus_seen", nvml.devices().size());
        return card;
    }

    String absentBecause() {
        return absentBecause;
    }

    @Override
    public void close() {
        if (nvml != null) nvml.close();
    }
}
