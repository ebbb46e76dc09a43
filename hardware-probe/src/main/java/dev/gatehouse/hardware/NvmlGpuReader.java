package dev.gatehouse.hardware;

import dev.gatehouse.hardware.HardwareSnapshot.GpuInfo;
import dev.gatehouse.natives.NativeException;
import dev.gatehouse.natives.nvml.Nvml;
import dev.gatehouse.natives.nvml.NvmlDevice;
import java.util.List;

/**
 * Reads GPUs through NVML, opened on the first read and kept open. A library that cannot be opened is not retried:
 * drivers do not appear while a server runs, and every snapshot carries the same reason. A failing read (a GPU fell
 * off the bus) yields an empty list with the error as the note, and the next read tries again.
 */
final class NvmlGpuReader implements GpuReader, AutoCloseable {
    private final String library;
    private Nvml nvml;
    private String unavailable;
    private String driverVersion;
    private String cudaVersion;

    NvmlGpuReader(String library) {
        this.library = library;
    }

    @Override
    public synchronized Reading read() {
        if (unavailable == null && nvml == null) {
            open();
        }
        if (unavailable != null) {
            return new Reading(List.of(), unavailable);
        }
        try {
            List<NvmlDevice> devices = nvml.devices();
            List<GpuInfo> gpus = devices.stream().map(d -> new GpuInfo(d.index(), d.name(), d.uuid(), d.totalBytes(),
                    d.usedBytes(), d.freeBytes(), d.utilizationPercent(), d.temperatureC(), driverVersion, cudaVersion))
                    .toList();
            return new Reading(gpus, gpus.isEmpty() ? "NVML reports no GPUs" : null);
        } catch (NativeException e) {
            return new Reading(List.of(), "NVML read failed: " + e.getMessage());
        }
    }

    @Override
    public synchronized void close() {
        if (nvml != null) {
            nvml.close();
            nvml = null;
        }
        unavailable = "closed";
    }

    private void open() {
        try {
            nvml = Nvml.open(library);
            driverVersion = versionOrUnknown(nvml::driverVersion);
            cudaVersion = versionOrUnknown(nvml::cudaVersion);
        } catch (NativeException e) {
            unavailable = e.getMessage();
        }
    }

    private static String versionOrUnknown(java.util.function.Supplier<String> version) {
        try {
            return version.get();
        } catch (NativeException e) {
            return "unknown";
        }
    }
}
