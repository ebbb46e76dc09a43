package dev.gatehouse.natives.llamacpp.gpucheck;

import dev.gatehouse.natives.llamacpp.LlamaCppLibrary;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The GPU check, as docker/gpu-check/run.sh runs it on a GPU machine against llama.cpp built there from the source
 * of node-llama-cpp 3.22.1: random F16 llama models of 1–8 GiB loaded at several gpuLayers and contexts, VRAM read
 * through NVML before and after each load and compared with llama.cpp's buffers and with {@code MemoryEstimator}'s
 * prediction, decode speed on the GPU vs the CPU, and two models on one GPU at once. {@code --mode cpu-smoke} runs
 * the same path with tiny models on a CPU-only build, to prove the harness where no GPU is lent.
 *
 * <p>It needs only this module's and models-manifest's classes and java.base + java.logging, so a jlinked runtime
 * and a small jar are all that travel to the GPU machine.
 */
public final class GpuCheck {

    /** Time kept back before each step: a step is not started with less than this left of the budget. */
    private static final long GPU_STEP_RESERVE_SECONDS = 10;
    private static final long CPU_STEP_RESERVE_SECONDS = 2;

    private GpuCheck() {}

    public static void main(String[] args) {
        CheckOptions options;
        try {
            options = CheckOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        int status;
        try {
            status = run(options);
        } catch (Exception e) {
            e.printStackTrace();
            status = 1;
        }
        // llama.cpp's decode threads are daemons, but CUDA's own threads are not ours to wait for
        System.exit(status);
    }

    static int run(CheckOptions options) throws Exception {
        long deadline = System.nanoTime() + options.budgetSeconds() * 1_000_000_000L;
        int trainedContext = Collections.max(options.contexts());
        List<CheckModels.Model> models = CheckModels.ensure(options.models(), options.modelMib(), trainedContext);
        CheckModels.Model warmUp = CheckModels.ensure(options.models(), CheckModels.WARM_UP_MIB, trainedContext);
        for (CheckModels.Model model : models) {
            System.out.printf("model %s: %s, %.1f s to write%n", model.label(), model.file(), model.writeSeconds());
        }
        if (options.generateOnly()) return 0;
        try (VramProbe vram = VramProbe.open(options.nvmlLibrary())) {
            CheckReport report = new CheckReport(options, vram.card(), models);
            long beforeLibrary = vram.usedBytes();
            Path libs = options.libs();
            LlamaCppLibrary lib = LlamaCppLibrary.load(libs, LlamaCppLibrary.PINNED_VERSION,
                    List.of(libs.resolve("libggml-base.so"), libs.resolve("libggml.so"), libs.resolve("libllama.so")));
            return check(lib, vram, options, models, warmUp, report, beforeLibrary, deadline);
        }
    }

    /** Everything after the library is loaded; the CPU smoke test calls this with the libraries its JVM holds. */
    static int check(LlamaCppLibrary lib, VramProbe vram, CheckOptions options, List<CheckModels.Model> models,
                     CheckModels.Model warmUp, CheckReport report, long beforeLibrary, long deadline) throws Exception {
        report.library(describe(lib));
        if (options.gpu()) {
            if (vram.absentBecause() != null) report.problem("VRAM not measured: " + vram.absentBecause());
            if (lib.devices().stream().noneMatch(d -> d.type() == LlamaCppLibrary.Device.Type.GPU)) {
                // loading gigabytes on the CPU would spend the budget and measure nothing this check is for
                report.problem("llama.cpp registered no GPU device (" + lib.devices() + "); nothing was loaded");
                report.write(options.out());
                return 1;
            }
        }
        long afterLibrary = vram.usedBytes();
        CaseRunner runner = new CaseRunner(lib, vram, options);
        // the first load on a GPU creates the CUDA context and cuBLAS handles, which stay: keep them out of the figures
        LoadMeasurement warm = runner.run(LoadCase.all(warmUp, 512));
        report.baseline(beforeLibrary, afterLibrary, warm);
        System.out.println("llama.cpp devices: " + lib.devices() + (warm.failed() ? "; warm-up: " + warm.error() : ""));
        long reserve = (options.gpu() ? GPU_STEP_RESERVE_SECONDS : CPU_STEP_RESERVE_SECONDS) * 1_000_000_000L;
        for (CheckStep step : CheckPlan.steps(models, options.contexts())) {
            if (deadline - System.nanoTime() < reserve) {
                report.skip(step, "not started: less than " + reserve / 1_000_000_000L + " s of the budget left");
                continue;
            }
            switch (step) {
                case LoadCase loadCase -> {
                    LoadMeasurement m = runner.run(loadCase);
                    report.add(m);
                    System.out.println(summary(m));
                }
                case CheckStep.Pair pair -> {
                    PairMeasurement m = runner.runPair(pair.first(), pair.second());
                    report.add(m);
                    System.out.println(pair.label() + (m.error() != null ? ": FAILED " + m.error() : ": done"));
                }
            }
            report.write(options.out());
        }
        report.write(options.out());
        System.out.printf("check finished in %.0f s; results in %s%n", report.elapsedSeconds(), options.out());
        return report.anyFailed() ? 1 : 0;
    }

    private static Map<String, Object> describe(LlamaCppLibrary lib) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("directory", lib.directory().toString());
        m.put("version", lib.version());
        m.put("devices", lib.devices().stream().map(d -> d.name() + " (" + d.description() + ", " + d.type() + ", "
                + ReportTables.mib(d.freeBytes()) + " of " + ReportTables.mib(d.totalBytes()) + " MiB free)").toList());
        m.put("system_info", lib.systemInfo());
        return m;
    }

    private static String summary(LoadMeasurement m) {
        if (m.failed()) return m.loadCase().label() + ": FAILED " + m.error();
        return String.format(java.util.Locale.ROOT, "%s: load %.2f s, NVML Δ %s MiB, llama.cpp GPU %s MiB, "
                        + "estimate GPU %s MiB, decode %.1f tok/s", m.loadCase().label(), m.loadSeconds(),
                ReportTables.delta(m.vram().loadDelta()), ReportTables.mib(m.llamaCpp().gpuBytes()),
                ReportTables.mib(m.estimate().gpuBytes()), m.generation().decodeTokensPerSecond());
    }
}
