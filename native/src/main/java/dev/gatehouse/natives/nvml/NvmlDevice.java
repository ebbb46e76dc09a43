package dev.gatehouse.natives.nvml;

/**
 * One GPU as NVML reports it at the moment of reading.
 *
 * @param index              NVML's index
 * @param totalBytes         VRAM; {@code usedBytes + freeBytes} (used includes the driver's reservation)
 * @param utilizationPercent share of the last sample period a kernel ran, -1 when NVML does not say
 * @param temperatureC       core temperature, -1 when NVML does not say
 */
public record NvmlDevice(int index, String name, String uuid, long totalBytes, long usedBytes, long freeBytes,
                         int utilizationPercent, int temperatureC) {}
