package dev.gatehouse.router.metrics;

import dev.gatehouse.hardware.HardwareProbe;
import dev.gatehouse.hardware.HardwareSnapshot;
import dev.gatehouse.hardware.HardwareSnapshot.GpuInfo;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.ToDoubleFunction;

/**
 * One gauge per figure of the hardware snapshot ({@code gatehouse_cpu_load1}, {@code gatehouse_memory_free_bytes},
 * {@code gatehouse_gpu_memory_free_bytes{gpu="0"}}, …). Each scrape reads the probe's latest sample.
 */
final class HardwareGauges {
    private HardwareGauges() {}

    static void register(MeterRegistry registry, HardwareProbe probe) {
        machine(registry, probe, "gatehouse.cpu.cores", "Logical processors", s -> s.cpu().cores());
        machine(registry, probe, "gatehouse.cpu.load1", "1-minute load average (-1 unknown)", s -> s.cpu().load1());
        machine(registry, probe, "gatehouse.cpu.load5", "5-minute load average (-1 unknown)", s -> s.cpu().load5());
        machine(registry, probe, "gatehouse.cpu.load15", "15-minute load average (-1 unknown)", s -> s.cpu().load15());
        machine(registry, probe, "gatehouse.memory.total.bytes", "System RAM", s -> s.memory().totalBytes());
        machine(registry, probe, "gatehouse.memory.free.bytes", "RAM available to new allocations",
                s -> s.memory().freeBytes());
        machine(registry, probe, "gatehouse.process.rss.bytes", "Resident memory of the server process",
                s -> s.memory().processRssBytes());
        // GPUs do not come and go while the server runs: the first snapshot says which exist.
        for (GpuInfo gpu : probe.snapshot().gpus()) {
            int index = gpu.index();
            gpu(registry, probe, index, "gatehouse.gpu.memory.total.bytes", "VRAM", GpuInfo::totalBytes);
            gpu(registry, probe, index, "gatehouse.gpu.memory.used.bytes", "VRAM in use", GpuInfo::usedBytes);
            gpu(registry, probe, index, "gatehouse.gpu.memory.free.bytes", "VRAM free", GpuInfo::freeBytes);
            gpu(registry, probe, index, "gatehouse.gpu.utilization.percent", "GPU busy (-1 unknown)",
                    GpuInfo::utilizationPercent);
            gpu(registry, probe, index, "gatehouse.gpu.temperature.celsius", "GPU temperature (-1 unknown)",
                    GpuInfo::temperatureC);
        }
    }

    private static void machine(MeterRegistry registry, HardwareProbe probe, String name, String help,
                                ToDoubleFunction<HardwareSnapshot> value) {
        Gauge.builder(name, () -> value.applyAsDouble(probe.snapshot())).description(help).register(registry);
    }

    private static void gpu(MeterRegistry registry, HardwareProbe probe, int index, String name, String help,
                            ToDoubleFunction<GpuInfo> value) {
        Gauge.builder(name, () -> probe.snapshot().gpus().stream().filter(g -> g.index() == index)
                        .mapToDouble(value).findFirst().orElse(Double.NaN))
                .description(help).tag("gpu", Integer.toString(index)).register(registry);
    }
}
