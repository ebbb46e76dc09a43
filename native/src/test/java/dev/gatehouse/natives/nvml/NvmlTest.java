package dev.gatehouse.natives.nvml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.gatehouse.natives.NativeException;
import java.lang.foreign.Arena;
import java.lang.foreign.SymbolLookup;
import org.junit.jupiter.api.Test;

/**
 * The absent-library path runs everywhere; the real-library tests run only where an NVIDIA driver is installed
 * (and say so loudly when skipped).
 */
class NvmlTest {

    @Test
    void aLibraryThatIsNotThereFailsWithItsNameInsteadOfCrashing() {
        assertThatThrownBy(() -> Nvml.open("/nonexistent/libnvidia-ml.so.1"))
                .isInstanceOfSatisfying(NativeException.class,
                        e -> assertThat(e.kind()).isEqualTo(NativeException.Kind.LIBRARY_LOAD_FAILED))
                .hasMessageStartingWith("/nonexistent/libnvidia-ml.so.1 not found: ");
    }

    @Test
    void withoutAnNvidiaDriverTheDefaultLibraryIsReportedMissing() {
        assumeFalse(driverInstalled(), "SKIPPED: this machine has an NVIDIA driver; see the real-library tests");
        assertThatThrownBy(Nvml::open).isInstanceOf(NativeException.class)
                .hasMessageStartingWith("libnvidia-ml.so.1 not found: ");
    }

    @Test
    void withADriverEveryGpuReportsMemoryThatAddsUp() {
        assumeTrue(driverInstalled(), "SKIPPED: no NVIDIA driver (libnvidia-ml.so.1) on this machine");
        try (Nvml nvml = Nvml.open()) {
            assertThat(nvml.driverVersion()).matches("\\d+\\..*");
            assertThat(nvml.cudaVersion()).matches("\\d+\\.\\d+");
            assertThat(nvml.devices()).isNotEmpty().allSatisfy(gpu -> {
                assertThat(gpu.name()).isNotBlank();
                assertThat(gpu.uuid()).startsWith("GPU-");
                assertThat(gpu.totalBytes()).isPositive();
                assertThat(gpu.usedBytes() + gpu.freeBytes()).isBetween(gpu.totalBytes() * 9 / 10, gpu.totalBytes());
            });
        }
    }

    @Test
    void closingTwiceIsHarmlessAndCallsAfterCloseAreRefused() {
        assumeTrue(driverInstalled(), "SKIPPED: no NVIDIA driver (libnvidia-ml.so.1) on this machine");
        Nvml nvml = Nvml.open();
        nvml.close();
        nvml.close();
        assertThatThrownBy(nvml::devices).isInstanceOf(IllegalStateException.class);
    }

    private static boolean driverInstalled() {
        try (Arena arena = Arena.ofConfined()) {
            SymbolLookup.libraryLookup(Nvml.LIBRARY, arena);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
