package dev.gatehouse.router.capacity;

import dev.gatehouse.hardware.HardwareProbe;
import dev.gatehouse.hardware.HardwareSnapshot;
import dev.gatehouse.hardware.ProcessMemory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/**
 * RAM from Linux's {@code /proc/meminfo} and no GPU: what the planner uses until the OSHI/NVML probe is wired in.
 * Reads the file on every call, which is cheap enough for {@code gatehouse plan} and for one read per model load.
 */
public final class MeminfoProbe implements HardwareProbe {
    private final Path meminfo;
    private final Clock clock;

    public MeminfoProbe(Path meminfo, Clock clock) {
        this.meminfo = meminfo;
        this.clock = clock;
    }

    public static MeminfoProbe live() {
        return new MeminfoProbe(Path.of("/proc/meminfo"), Clock.systemUTC());
    }

    @Override
    public HardwareSnapshot snapshot() {
        long total = Runtime.getRuntime().maxMemory();
        long available = Runtime.getRuntime().freeMemory();
        try {
            for (String line : Files.readAllLines(meminfo)) {
                if (line.startsWith("MemTotal:")) total = kib(line);
                if (line.startsWith("MemAvailable:")) available = kib(line);
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: the JVM's own figures above are the best there is
        }
        int cores = Runtime.getRuntime().availableProcessors();
        return new HardwareSnapshot(clock.instant(), new HardwareSnapshot.CpuInfo("unknown", cores, -1, -1, -1),
                new HardwareSnapshot.MemoryInfo(total, available, ProcessMemory.residentBytesOfThisProcess().orElse(-1)),
                List.of(), "no GPU probe in this build; RAM from /proc/meminfo");
    }

    /** "MemAvailable:   12345678 kB" */
    private static long kib(String line) {
        String[] parts = line.substring(line.indexOf(':') + 1).trim().split("\\s+");
        return Long.parseLong(parts[0]) * 1024;
    }
}
