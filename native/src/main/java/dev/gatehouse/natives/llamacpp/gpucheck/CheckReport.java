package dev.gatehouse.natives.llamacpp.gpucheck;

import dev.gatehouse.manifest.memory.MemoryEstimate;
import dev.gatehouse.natives.AllocatedBuffers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything the check measured, as results.json (every figure, in bytes) and results.md (the tables a reader wants,
 * in MiB). Rewritten after every step, so a run stopped at its deadline still leaves what it measured.
 */
final class CheckReport {

    private final Map<String, Object> header = new LinkedHashMap<>();
    private final Map<String, Object> baseline = new LinkedHashMap<>();
    private final List<CheckModels.Model> models;
    private final List<LoadMeasurement> loads = new ArrayList<>();
    private final List<PairMeasurement> pairs = new ArrayList<>();
    private final List<String> skipped = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();
    private final long startNanos = System.nanoTime();

    CheckReport(CheckOptions options, Map<String, Object> card, List<CheckModels.Model> models) {
        this.models = List.copyOf(models);
        header.put("mode", options.gpu() ? "gpu" : "cpu-smoke");
        header.put("started", Instant.now().toString());
        header.put("budget_s", options.budgetSeconds());
        header.put("decode_seconds", options.decodeSeconds());
        header.put("max_tokens", options.maxTokens());
        header.put("threads", options.threads());
        header.put("card", card);
    }

    void library(Map<String, Object> library) {
        header.put("llama_cpp", library);
    }

    /** NVML before the library loaded, after, and after a tiny model was loaded and closed (CUDA context made). */
    void baseline(long beforeLibrary, long afterLibrary, LoadMeasurement warmUp) {
        baseline.put("vram_before_library", beforeLibrary);
        baseline.put("vram_after_library", afterLibrary);
        baseline.put("vram_after_warm_up", warmUp.vram().afterClose());
        baseline.put("warm_up_error", warmUp.error());
    }

    void add(LoadMeasurement measurement) {
        loads.add(measurement);
    }

    void add(PairMeasurement pair) {
        pairs.add(pair);
    }

    void skip(CheckStep step, String why) {
        skipped.add(step.label() + ": " + why);
    }

    /** Something that makes the run's figures incomplete or suspect (no NVML, no GPU device), shown first. */
    void problem(String what) {
        problems.add(what);
    }

    boolean anyFailed() {
        return !problems.isEmpty() || loads.stream().anyMatch(LoadMeasurement::failed) || pairs.stream().anyMatch(p -> p.error() != null)
                || baseline.get("warm_up_error") != null;
    }

    void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("results.json"), JsonText.of(json()));
        Files.writeString(dir.resolve("results.md"), ReportTables.markdown(this));
    }

    Map<String, Object> header() {
        return header;
    }

    Map<String, Object> baselineFigures() {
        return baseline;
    }

    List<CheckModels.Model> models() {
        return models;
    }

    List<LoadMeasurement> loads() {
        return loads;
    }

    List<PairMeasurement> pairs() {
        return pairs;
    }

    List<String> skipped() {
        return skipped;
    }

    List<String> problems() {
        return problems;
    }

    double elapsedSeconds() {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    Map<String, Object> json() {
        Map<String, Object> root = new LinkedHashMap<>(header);
        root.put("elapsed_s", elapsedSeconds());
        root.put("problems", problems);
        root.put("baseline", baseline);
        root.put("models", models.stream().map(CheckReport::model).toList());
        root.put("loads", loads.stream().map(CheckReport::load).toList());
        root.put("pairs", pairs.stream().map(CheckReport::pair).toList());
        root.put("skipped", skipped);
        return root;
    }

    private static Map<String, Object> model(CheckModels.Model model) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("file", model.file().getFileName().toString());
        m.put("file_bytes", model.info().fileSizeBytes());
        m.put("layers", model.spec().layers());
        m.put("n_embd", model.spec().embedding());
        m.put("n_ff", model.spec().feedForward());
        m.put("heads", model.spec().heads());
        m.put("kv_heads", model.spec().kvHeads());
        m.put("context_trained", model.spec().context());
        m.put("write_s", model.writeSeconds());
        return m;
    }

    private static Map<String, Object> load(LoadMeasurement m) {
        Map<String, Object> row = loadCase(m.loadCase());
        row.put("backend", m.backend());
        row.put("load_s", m.loadSeconds());
        row.put("vram_before", m.vram().before());
        row.put("vram_after_load", m.vram().afterLoad());
        row.put("vram_after_generation", m.vram().afterGeneration());
        row.put("vram_after_close", m.vram().afterClose());
        row.put("llama_cpp_buffers", buffers(m.llamaCpp()));
        row.put("estimate", estimate(m.estimate()));
        row.put("generation", generation(m.generation()));
        row.put("error", m.error());
        return row;
    }

    private static Map<String, Object> pair(PairMeasurement p) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("first", loadCase(p.first()));
        row.put("second", loadCase(p.second()));
        row.put("first_estimate", estimate(p.firstEstimate()));
        row.put("second_estimate", estimate(p.secondEstimate()));
        row.put("first_llama_cpp_buffers", buffers(p.firstBuffers()));
        row.put("second_llama_cpp_buffers", buffers(p.secondBuffers()));
        Map<String, Object> vram = new LinkedHashMap<>();
        vram.put("before", p.vram().before());
        vram.put("after_first", p.vram().afterFirst());
        vram.put("after_second", p.vram().afterSecond());
        vram.put("after_generation", p.vram().afterGeneration());
        vram.put("after_close", p.vram().afterClose());
        row.put("vram", vram);
        row.put("first_generation", generation(p.firstGeneration()));
        row.put("second_generation", generation(p.secondGeneration()));
        row.put("error", p.error());
        return row;
    }

    private static Map<String, Object> loadCase(LoadCase c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model", c.model().file().getFileName().toString());
        m.put("layers", c.layers());
        m.put("gpu_layers", c.gpuLayers());
        m.put("context", c.context());
        return m;
    }

    private static Map<String, Object> buffers(AllocatedBuffers b) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("weights", b.weightsBytes());
        m.put("kv_cache", b.kvCacheBytes());
        m.put("compute", b.computeBytes());
        m.put("gpu", b.gpuBytes());
        return m;
    }

    private static Map<String, Object> estimate(MemoryEstimate e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("weights_gpu", e.weightsGpuBytes());
        m.put("weights_host", e.weightsHostBytes());
        m.put("kv_gpu", e.kvCacheGpuBytes());
        m.put("kv_host", e.kvCacheHostBytes());
        m.put("compute_gpu", e.computeGpuBytes());
        m.put("compute_host", e.computeHostBytes());
        m.put("gpu", e.gpuBytes());
        return m;
    }

    private static Map<String, Object> generation(TimedGeneration g) {
        if (g == null) return null;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("prompt_tokens", g.promptTokens());
        m.put("generated_tokens", g.generatedTokens());
        m.put("first_piece_ms", g.firstPieceMs());
        m.put("decode_tokens_per_s", g.decodeTokensPerSecond());
        return m;
    }
}
