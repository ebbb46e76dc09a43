package dev.gatehouse.natives.llamacpp.gpucheck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.natives.backends.BackendCache;
import dev.gatehouse.natives.backends.BackendKind;
import dev.gatehouse.natives.backends.InstalledBackend;
import dev.gatehouse.natives.llamacpp.LlamaCppLibrary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The GPU check's whole path (models written, every planned load, the pair, both reports) run in its CPU smoke mode
 * against the CPU libraries the build installs. docker/gpu-check/run.sh --cpu runs the same against llama.cpp built
 * from source; on a GPU machine the same code measures VRAM.
 */
class GpuCheckCpuSmokeTest {

    @TempDir
    Path dir;

    @Test
    void everyPlannedLoadGeneratesItsFullLengthAndBothReportsListIt() throws Exception {
        CheckOptions options = options("600");
        List<CheckModels.Model> models = CheckModels.ensure(options.models(), options.modelMib(), 512);
        CheckReport report = run(options, models);

        // two models × (all, cpu, half) at each of two contexts, and the two of them together
        assertThat(report.loads()).hasSize(12).allSatisfy(m -> {
            assertThat(m.error()).isNull();
            assertThat(m.backend()).isEqualTo("cpu");
            assertThat(m.generation().generatedTokens()).as("each generation runs to max tokens").isEqualTo(8);
            assertThat(m.llamaCpp().kvCacheBytes()).as("KV: llama.cpp's buffer vs the estimate")
                    .isEqualTo(m.estimate().kvCacheGpuBytes() + m.estimate().kvCacheHostBytes());
            assertThat(m.vram().loadDelta()).as("no NVML in a smoke run").isEqualTo(LoadMeasurement.Vram.UNMEASURED);
        });
        assertThat(report.pairs()).singleElement().satisfies(pair -> {
            assertThat(pair.error()).isNull();
            assertThat(pair.firstGeneration().generatedTokens()).isEqualTo(8);
            assertThat(pair.secondGeneration().generatedTokens()).isEqualTo(8);
        });
        String markdown = Files.readString(options.out().resolve("results.md"));
        assertThat(markdown).contains("| llama F16 8 MiB | half (2) | 512 | cpu |", "## Two models on one GPU");
        assertThat(Files.readString(options.out().resolve("results.json")))
                .contains("\"mode\": \"cpu-smoke\"", "\"layers\": \"half\"", "\"decode_tokens_per_s\"");
    }

    @Test
    void stepsThatWouldStartPastTheBudgetAreReportedAsSkippedNotDropped() throws Exception {
        CheckOptions options = options("1");
        List<CheckModels.Model> models = CheckModels.ensure(options.models(), options.modelMib(), 512);
        CheckReport report = run(options, models);

        assertThat(report.loads()).isEmpty();
        assertThat(report.skipped()).hasSize(13);
        assertThat(Files.readString(options.out().resolve("results.md")))
                .contains("## Skipped (time budget)", "pair: llama F16 8 MiB, all (5 layers), context 256");
    }

    @Test
    void aGpuRunOnLibrariesWithoutAGpuDeviceStopsBeforeLoadingAnythingAndSaysWhy() throws Exception {
        CheckOptions options = options("600", "gpu");
        List<CheckModels.Model> models = CheckModels.ensure(options.models(), options.modelMib(), 512);
        CheckModels.Model warmUp = CheckModels.ensure(options.models(), CheckModels.WARM_UP_MIB, 512);
        try (VramProbe vram = VramProbe.open(null)) {
            CheckReport report = new CheckReport(options, vram.card(), models);
            int status = GpuCheck.check(cpuLibrary(), vram, options, models, warmUp, report, -1,
                    System.nanoTime() + 600_000_000_000L);

            assertThat(status).isEqualTo(1);
            assertThat(report.loads()).isEmpty();
            assertThat(report.problems()).anySatisfy(p -> assertThat(p).startsWith("VRAM not measured"))
                    .anySatisfy(p -> assertThat(p).startsWith("llama.cpp registered no GPU device"));
            assertThat(Files.readString(options.out().resolve("results.md"))).contains("**Problems:**");
        }
    }

    private CheckOptions options(String budgetSeconds) {
        return options(budgetSeconds, "cpu-smoke");
    }

    private CheckOptions options(String budgetSeconds, String mode) {
        return CheckOptions.parse("--mode", mode, "--models", dir.resolve("models").toString(),
                "--libs", "unused-here", "--out", dir.resolve("out").toString(), "--budget-s", budgetSeconds,
                "--models-mib", "4,8", "--contexts", "256,512", "--decode-seconds", "60", "--max-tokens", "8");
    }

    private CheckReport run(CheckOptions options, List<CheckModels.Model> models) throws Exception {
        long deadline = System.nanoTime() + options.budgetSeconds() * 1_000_000_000L;
        CheckModels.Model warmUp = CheckModels.ensure(options.models(), CheckModels.WARM_UP_MIB, 512);
        try (VramProbe vram = VramProbe.open(null)) {
            CheckReport report = new CheckReport(options, vram.card(), models);
            int status = GpuCheck.check(cpuLibrary(), vram, options, models, warmUp, report, vram.usedBytes(),
                    deadline);
            assertThat(status).as("exit status: no step failed, skipped steps are no failure").isZero();
            return report;
        }
    }

    /** The CPU libraries the build installs; missing ones fail the test, as a skip would hide a broken build. */
    private static LlamaCppLibrary cpuLibrary() {
        BackendCache cache = BackendCache.forEnvironment(System.getenv());
        InstalledBackend cpu = cache.find(BackendKind.CPU).orElseThrow(() -> new AssertionError(
                "llama.cpp CPU libraries not installed in " + cache.root() + " (./gatehouse backends install cpu)"));
        return LlamaCppLibrary.load(cpu.libDir(), cpu.version(), cpu.coreLibraries());
    }
}
