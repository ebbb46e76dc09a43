package dev.gatehouse.natives.llamacpp.gpucheck;

import dev.gatehouse.natives.AllocatedBuffers;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** results.md: the check's figures as Markdown tables, sizes in MiB, "–" where a figure was not measured. */
final class ReportTables {

    private ReportTables() {}

    static String markdown(CheckReport report) {
        StringBuilder md = new StringBuilder();
        Map<String, Object> header = report.header();
        md.append("# Gatehouse GPU check (").append(header.get("mode")).append(")\n\n");
        md.append("Started ").append(header.get("started")).append(", ran ")
                .append(fixed(report.elapsedSeconds(), 0)).append(" s of a ").append(header.get("budget_s"))
                .append(" s budget, ").append(header.get("threads")).append(" CPU threads per model. Card (NVML): ").append(header.get("card")).append(".\n\n");
        md.append("llama.cpp: ").append(header.get("llama_cpp")).append(".\n\n");
        if (!report.problems().isEmpty()) {
            md.append("**Problems:**\n\n");
            report.problems().forEach(p -> md.append("- ").append(p).append('\n'));
            md.append('\n');
        }
        Map<String, Object> baseline = report.baselineFigures();
        md.append("VRAM in use before llama.cpp loaded: ").append(mib(baseline.get("vram_before_library")))
                .append(" MiB; after it loaded: ").append(mib(baseline.get("vram_after_library")))
                .append(" MiB; after a 4 MiB model was loaded fully on the GPU and closed (CUDA context, cuBLAS): ")
                .append(mib(baseline.get("vram_after_warm_up"))).append(" MiB.\n\n");
        models(md, report.models());
        loads(md, report.loads());
        speeds(md, report.loads());
        pairs(md, report);
        if (!report.skipped().isEmpty()) {
            md.append("\n## Skipped (time budget)\n\n");
            report.skipped().forEach(s -> md.append("- ").append(s).append('\n'));
        }
        return md.toString();
    }

    private static void models(StringBuilder md, List<CheckModels.Model> models) {
        md.append("## Models (random weights, F16)\n\n| file | MiB | layers | n_embd | n_ff | heads/kv | written in s |\n")
                .append("|---|---|---|---|---|---|---|\n");
        for (CheckModels.Model m : models) {
            md.append(String.format(Locale.ROOT, "| %s | %s | %d | %d | %d | %d/%d | %s |%n",
                    m.file().getFileName(), mib(m.info().fileSizeBytes()), m.spec().layers(), m.spec().embedding(),
                    m.spec().feedForward(), m.spec().heads(), m.spec().kvHeads(),
                    m.writeSeconds() == 0 ? "reused" : fixed(m.writeSeconds(), 1)));
        }
    }

    private static void loads(StringBuilder md, List<LoadMeasurement> loads) {
        md.append("\n## Loads: VRAM measured (NVML) vs llama.cpp's buffers vs the estimate\n\n")
                .append("NVML Δ is VRAM in use after the load (and after the generation) minus before it. ")
                .append("llama.cpp GPU is the sum of the buffers it logged on the GPU; the estimate is ")
                .append("MemoryEstimator's GPU figure from the GGUF header. Weights/KV/compute are llama.cpp's ")
                .append("totals over all devices, with the estimate's after the slash.\n\n")
                .append("| model | layers | ctx | backend | load s | NVML Δ load | NVML Δ gen | llama.cpp GPU | estimate GPU")
                .append(" | NVML Δ gen / est | weights | KV | compute | left after close | TTFT ms | decode tok/s")
                .append(" | tokens | error |\n|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (LoadMeasurement m : loads) {
            LoadCase c = m.loadCase();
            AllocatedBuffers b = m.llamaCpp();
            var e = m.estimate();
            TimedGeneration g = m.generation();
            md.append(String.format(Locale.ROOT,
                    "| %s | %s (%d) | %d | %s | %s | %s | %s | %s | %s | %s | %s / %s | %s / %s | %s / %s | %s | %s | %s | %s | %s |%n",
                    c.model().label(), c.layers(), c.gpuLayers(), c.context(), m.backend(), fixed(m.loadSeconds(), 2),
                    delta(m.vram().loadDelta()), delta(m.vram().generationDelta()), mib(b.gpuBytes()), mib(e.gpuBytes()),
                    ratio(m.vram().generationDelta(), e.gpuBytes()),
                    mib(b.weightsBytes()), mib(e.weightsGpuBytes() + e.weightsHostBytes()),
                    mib(b.kvCacheBytes()), mib(e.kvCacheGpuBytes() + e.kvCacheHostBytes()),
                    mib(b.computeBytes()), mib(e.computeGpuBytes() + e.computeHostBytes()),
                    delta(m.vram().leftAfterClose()), g == null ? "–" : fixed(g.firstPieceMs(), 1),
                    g == null ? "–" : fixed(g.decodeTokensPerSecond(), 1), g == null ? "–" : g.generatedTokens(),
                    m.error() == null ? "" : m.error().replace('|', '/').replace('\n', ' ')));
        }
    }

    /** Decode speed per model at each context: every layer on the CPU, half, all on the GPU. */
    private static void speeds(StringBuilder md, List<LoadMeasurement> loads) {
        md.append("\n## Decode speed: CPU vs GPU (tokens/s, greedy, one slot)\n\n")
                .append("| model | ctx | cpu (0 layers) | half | all on GPU | all / cpu |\n|---|---|---|---|---|---|\n");
        loads.stream().map(m -> m.loadCase().model().label() + "@" + m.loadCase().context()).distinct().forEach(key -> {
            LoadMeasurement any = loads.stream()
                    .filter(m -> key.equals(m.loadCase().model().label() + "@" + m.loadCase().context()))
                    .findFirst().orElseThrow();
            Optional<Double> cpu = rate(loads, any.loadCase(), "cpu");
            Optional<Double> half = rate(loads, any.loadCase(), "half");
            Optional<Double> all = rate(loads, any.loadCase(), "all");
            md.append(String.format(Locale.ROOT, "| %s | %d | %s | %s | %s | %s |%n", any.loadCase().model().label(),
                    any.loadCase().context(), cpu.map(r -> fixed(r, 1)).orElse("–"),
                    half.map(r -> fixed(r, 1)).orElse("–"), all.map(r -> fixed(r, 1)).orElse("–"),
                    cpu.isPresent() && all.isPresent() && cpu.get() > 0 ? fixed(all.get() / cpu.get(), 1) + "×" : "–"));
        });
    }

    private static Optional<Double> rate(List<LoadMeasurement> loads, LoadCase like, String layers) {
        return loads.stream()
                .filter(m -> m.loadCase().model().equals(like.model()) && m.loadCase().context() == like.context()
                        && m.loadCase().layers().equals(layers) && m.generation() != null)
                .map(m -> m.generation().decodeTokensPerSecond()).findFirst();
    }

    private static void pairs(StringBuilder md, CheckReport report) {
        for (PairMeasurement p : report.pairs()) {
            md.append("\n## Two models on one GPU\n\n").append(p.first().label()).append(" and ")
                    .append(p.second().label()).append(", both loaded, then both generating at once.\n\n")
                    .append("| | MiB |\n|---|---|\n")
                    .append("| estimate GPU, both | ").append(mib(p.estimatedGpuBytes())).append(" |\n")
                    .append("| llama.cpp GPU buffers, both | ").append(mib(p.reportedGpuBytes())).append(" |\n")
                    .append("| NVML Δ with both loaded | ").append(delta(p.vram().bothLoadedDelta())).append(" |\n")
                    .append("| NVML Δ after both generated | ")
                    .append(delta(p.vram().generationDelta())).append(" |\n")
                    .append("| NVML left after both closed | ")
                    .append(delta(p.vram().leftAfterClose())).append(" |\n\n");
            md.append("| model | decode tok/s together | alone |\n|---|---|---|\n");
            pairRow(md, report, p.first(), p.firstGeneration());
            pairRow(md, report, p.second(), p.secondGeneration());
            if (p.error() != null) md.append("\nError: ").append(p.error()).append('\n');
        }
    }

    private static void pairRow(StringBuilder md, CheckReport report, LoadCase c, TimedGeneration together) {
        md.append("| ").append(c.model().label()).append(" | ")
                .append(together == null ? "–" : fixed(together.decodeTokensPerSecond(), 1)).append(" | ")
                .append(rate(report.loads(), c, c.layers()).map(r -> fixed(r, 1)).orElse("–")).append(" |\n");
    }

    static String mib(Object bytes) {
        if (!(bytes instanceof Number n) || n.longValue() < 0) return "–";
        return fixed(n.longValue() / 1048576.0, 1);
    }

    /** A difference of two readings, which may be negative; "–" when a reading is missing. */
    static String delta(long bytes) {
        return bytes == LoadMeasurement.Vram.UNMEASURED ? "–" : fixed(bytes / 1048576.0, 1);
    }

    private static String ratio(long measured, long estimated) {
        return measured == LoadMeasurement.Vram.UNMEASURED || estimated <= 0 ? "–" : fixed((double) measured / estimated, 3);
    }

    private static String fixed(double value, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", value);
    }
}
