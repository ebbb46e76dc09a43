package dev.gatehouse.hardware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** Reads this machine for real. */
class OshiHardwareProbeTest {
    private static final Instant NOW = Instant.parse("2026-01-02T03:04:05Z");

    @Test
    void theLiveMachineHasCoresMemoryAndALoadAverage() {
        try (var probe = new OshiHardwareProbe(GpuReader.none("not probed"), Clock.fixed(NOW, ZoneOffset.UTC))) {
            HardwareSnapshot snapshot = probe.snapshot();

            assertThat(snapshot.takenAt()).isEqualTo(NOW);
            assertThat(snapshot.cpu().cores()).isEqualTo(Runtime.getRuntime().availableProcessors());
            assertThat(snapshot.cpu().model()).isNotBlank();
            assertThat(snapshot.memory().totalBytes()).isGreaterThan(snapshot.memory().freeBytes());
            assertThat(snapshot.memory().freeBytes()).isPositive();
            assertThat(snapshot.memory().processRssBytes()).isPositive()
                    .isLessThan(snapshot.memory().totalBytes());
            assertThat(snapshot.gpus()).isEmpty();
            assertThat(snapshot.gpuNote()).isEqualTo("not probed");
        }
    }

    @Test
    void onLinuxTheLoadAveragesAreKnown() {
        assumeTrue(System.getProperty("os.name").startsWith("Linux"), "SKIPPED: load averages are a Linux check");
        try (var probe = new OshiHardwareProbe(GpuReader.none("not probed"), Clock.systemUTC())) {
            HardwareSnapshot.CpuInfo cpu = probe.snapshot().cpu();
            assertThat(cpu.load1()).isGreaterThanOrEqualTo(0);
            assertThat(cpu.load5()).isGreaterThanOrEqualTo(0);
            assertThat(cpu.load15()).isGreaterThanOrEqualTo(0);
        }
    }

    @Test
    void aMissingNvmlLibraryGivesNoGpusAndSaysWhy() {
        try (var reader = new NvmlGpuReader("/nonexistent/libnvidia-ml.so.1");
             var probe = new OshiHardwareProbe(reader, Clock.systemUTC())) {
            HardwareSnapshot snapshot = probe.snapshot();

            assertThat(snapshot.gpus()).isEmpty();
            assertThat(snapshot.gpuNote()).startsWith("/nonexistent/libnvidia-ml.so.1 not found: ");
            assertThat(probe.snapshot().gpuNote()).isEqualTo(snapshot.gpuNote());
        }
    }

    @Test
    void theLiveProbeNeverFailsWhateverTheGpuSituation() {
        try (var probe = OshiHardwareProbe.live()) {
            HardwareSnapshot snapshot = probe.snapshot();
            // Here (no NVIDIA driver) the list is empty with a reason; on a GPU machine it lists the GPUs.
            if (snapshot.gpus().isEmpty()) {
                assertThat(snapshot.gpuNote()).isNotBlank();
            } else {
                assertThat(snapshot.gpus()).allSatisfy(gpu -> assertThat(gpu.totalBytes()).isPositive());
            }
        }
    }
}
