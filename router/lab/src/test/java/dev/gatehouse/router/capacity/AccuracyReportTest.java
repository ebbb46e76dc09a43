package dev.gatehouse.router.capacity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.hardware.HardwareSnapshot;
import dev.gatehouse.hardware.HardwareSnapshot.CpuInfo;
import dev.gatehouse.hardware.HardwareSnapshot.MemoryInfo;
import dev.gatehouse.manifest.memory.MemoryEstimate;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccuracyReportTest {
    private static final long MIB = 1L << 20;
    private static final HardwareSnapshot MACHINE = new HardwareSnapshot(Instant.EPOCH,
            new CpuInfo("Test CPU", 2, 0, 0, 0), new MemoryInfo(24L << 30, 20L << 30, 1), List.of(), "none");

    @TempDir
    Path dir;

    private static AccuracyCase.Result result(long predictedMib, long measuredMib) {
        var estimate = new MemoryEstimate(0, predictedMib * MIB, 0, 0, 0, 0, 0);
        return new AccuracyCase.Result(new AccuracyCase("m", Path.of("m.gguf"), 512, 1), estimate, 1, measuredMib * MIB,
                500);
    }

    @Test
    void theTargetIsFivePercentOrSixtyFourMibWhicheverIsLarger() {
        assertThat(result(1060, 1000).withinTarget()).isTrue();    // 6%, but 60 MiB
        assertThat(result(1070, 1000).withinTarget()).isFalse();   // 70 MiB > 64 MiB = max(50, 64)
        assertThat(result(2100, 2000).withinTarget()).isTrue();    // 5% exactly
        assertThat(result(2110, 2000).withinTarget()).isFalse();
        assertThat(result(900, 1000).errorPercent()).isEqualTo(-10.0);
    }

    @Test
    void theSectionReplacesItsOwnMarkersAndKeepsTheRestOfTheFile() throws IOException {
        Path file = dir.resolve("BENCHMARKS.md");
        Files.writeString(file, "# Benchmarks\n\n<!-- bench:generation -->\nkept\n<!-- /bench:generation -->\n\n"
                + "<!-- bench:memory-estimate -->\nold\n<!-- /bench:memory-estimate -->\ntail\n");

        new AccuracyReport(List.of(result(1060, 1000), result(1070, 1000)), MACHINE, "cmd").writeInto(file);

        String text = Files.readString(file);
        assertThat(text).contains("<!-- bench:generation -->\nkept\n", "tail\n", "Test CPU, 2 cores")
                .doesNotContain("\nold\n").contains("| +6.0% | yes |", "| +7.0% | **no** |",
                        "1 of 2 rows within target");
    }

    @Test
    void aFileWithoutTheSectionGetsItAppended() throws IOException {
        Path file = dir.resolve("BENCHMARKS.md");
        Files.writeString(file, "# Benchmarks\n");

        new AccuracyReport(List.of(result(100, 100)), MACHINE, "cmd").writeInto(file);

        assertThat(Files.readString(file)).startsWith("# Benchmarks\n").contains("<!-- bench:memory-estimate -->",
                "<!-- /bench:memory-estimate -->");
    }
}
