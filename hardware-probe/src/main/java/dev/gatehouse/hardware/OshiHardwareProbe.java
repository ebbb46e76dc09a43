package dev.gatehouse.hardware;

import dev.gatehouse.hardware.HardwareSnapshot.CpuInfo;
import dev.gatehouse.hardware.HardwareSnapshot.MemoryInfo;
import java.time.Clock;
import oshi.SystemInfo;
import oshi.hardware.CentralProcessor;
import oshi.hardware.GlobalMemory;

/**
 * The live machine: processor, load and RAM through OSHI, NVIDIA GPUs through NVML ({@link GpuReader}). Each
 * {@link #snapshot()} reads the operating system (and the GPU driver) afresh, which takes milliseconds: callers on a
 * request path read a {@link SampledHardwareProbe} instead.
 */
public final class OshiHardwareProbe implements HardwareProbe, AutoCloseable {
    private final CentralProcessor processor;
    private final GlobalMemory memory;
    private final GpuReader gpus;
    private final Clock clock;

    public OshiHardwareProbe(GpuReader gpus, Clock clock) {
        SystemInfo system = new SystemInfo();
        this.processor = system.getHardware().getProcessor();
        this.memory = system.getHardware().getMemory();
        this.gpus = gpus;
        this.clock = clock;
    }

    /** CPU and RAM from OSHI, GPUs from NVML when its library is present. */
    public static OshiHardwareProbe live() {
        return new OshiHardwareProbe(GpuReader.nvml(), Clock.systemUTC());
    }

    @Override
    public HardwareSnapshot snapshot() {
        double[] load = processor.getSystemLoadAverage(3);
        var cpu = new CpuInfo(processor.getProcessorIdentifier().getName().strip(), processor.getLogicalProcessorCount(),
                orUnknown(load[0]), orUnknown(load[1]), orUnknown(load[2]));
        var ram = new MemoryInfo(memory.getTotal(), memory.getAvailable(),
                ProcessMemory.residentBytesOfThisProcess().orElse(-1));
        GpuReader.Reading reading = gpus.read();
        return new HardwareSnapshot(clock.instant(), cpu, ram, reading.gpus(), reading.note());
    }

    /** Releases NVML when it was opened; idempotent. */
    @Override
    public void close() {
        if (gpus instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                throw new IllegalStateException("cannot close the GPU reader", e);
            }
        }
    }

    /** OSHI reports a negative load where the platform has none (Windows); the snapshot's convention is -1. */
    private static double orUnknown(double load) {
        return load < 0 ? -1 : load;
    }
}
