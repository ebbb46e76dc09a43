package dev.gatehouse.router.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Renders the benchmark's figures as a section of {@code docs/BENCHMARKS.md}, between markers, so other benchmarks
 * keep their own sections of the same file.
 */
final class BenchReport {

    private final Path model;
    private final int tokens;
    private final int rounds;
    private List<MemoryBench.MemoryRow> memory = List.of();
    private final Map<Path, Map<String, List<GenerationSample>>> generations = new java.util.LinkedHashMap<>();
    private double httpBaselineMillis = Double.NaN;
    private MemoryBench.LeakRow leak;
    private int threads;

    BenchReport(Path model, int tokens, int rounds) {
        this.model = model;
        this.tokens = tokens;
        this.rounds = rounds;
    }

    void memory(MemoryBench.MemoryRow... rows) {
        memory = List.of(rows);
    }

    void generation(Path model, Map<String, List<GenerationSample>> samples, int threads) {
        generations.put(model, samples);
        this.threads = threads;
    }

    void httpBaseline(double millis) {
        httpBaselineMillis = millis;
    }

    void leaks(MemoryBench.LeakRow row) {
        leak = row;
    }

    void writeInto(Path file) throws IOException {
        BenchmarksFile.writeSection(file, "generation", render());
    }

    private String render() {
        var md = new StringBuilder();
        md.append("## Generation: direct binding vs worker process vs HTTP SSE\n\n");
        md.append("Command: `./gatehouse bench --tokens ").append(tokens).append(" --rounds ").append(rounds)
                .append(" --threads ").append(threads).append("` (run ").append(LocalDate.now()).append(").\n\n");
        md.append("Machine: ").append(MachineDescription.describe()).append(".\n\n");
        md.append("Method: for each model, prompt \"").append(GenerationBench.PROMPT).append("\" as a user message, greedy, "
                        + "seed 1, up to ").append(tokens).append(" tokens, one slot, ").append(threads)
                .append(" llama.cpp thread(s) in every path (the other cores are left to the server and the client, which run "
                        + "in the same process). The three paths run one after the other in rotating order each round, after "
                        + "2 warm-up rounds; medians over ").append(rounds).append(" rounds. TTFT is from the start of the "
                        + "request to the first text piece; decode tokens/s counts the tokens after the first over the time "
                        + "after the first; end-to-end tokens/s counts all tokens over the whole request. The HTTP path includes "
                        + "the JDK HTTP client sending the request, JSON parsing, counting prompt tokens in the worker, SSE "
                        + "framing and the client reading the stream on loopback.\n\n");
        md.append(String.format(Locale.ROOT, "Transport baseline: a `GET /health/live` round trip with the same client takes "
                + "%.2f ms (median of 50) on this machine; it is part of every HTTP TTFT below.%n%n", httpBaselineMillis));
        for (var model : generations.entrySet()) {
            md.append(String.format(Locale.ROOT, "#### `%s` (%.1f MiB)%n%n", model.getKey().getFileName(),
                    model.getKey().toFile().length() / 1048576.0));
            renderGeneration(md, model.getValue());
        }
        md.append("### Memory of a model in its worker process\n\n");
        md.append("Resident set size (VmRSS) of this JVM (standing in for the server: it hosts the pool) and of the worker, "
                + "before the load, after the load, after one 32-token generation, and after the unload.\n\n");
        md.append("| model | file MiB | load ms | server before | server loaded | server after unload | worker loaded | "
                + "worker after generation | worker after unload |\n|---|---|---|---|---|---|---|---|---|\n");
        for (var r : memory) {
            md.append(String.format(Locale.ROOT, "| %s | %.1f | %d | %s | %s | %s | %s | %s | %s |%n", r.label(),
                    r.fileBytes() / 1048576.0, r.loadMillis(), mib(r.serverBefore()), mib(r.serverLoaded()),
                    mib(r.serverUnloaded()), mib(r.workerLoaded()), mib(r.workerAfterGeneration()),
                    r.workerUnloaded() == 0 ? "process gone" : mib(r.workerUnloaded())));
        }
        if (leak != null) {
            md.append(String.format(Locale.ROOT, "%nLoad/unload cycles (%d, %.0f MiB model): server RSS grew %s with "
                            + "models in workers, %s with java-llama.cpp loading and closing the model inside the JVM "
                            + "(%s per cycle): the reason models run in workers.%n%n", leak.cycles(),
                    leak.fileBytes() / 1048576.0, mib(leak.workerGrowth()), mib(leak.inProcessGrowth()),
                    mib(leak.inProcessGrowth() / leak.cycles())));
        }
        return md.toString();
    }

    private static void renderGeneration(StringBuilder md, Map<String, List<GenerationSample>> generation) {
        md.append("| path | TTFT median (ms) | TTFT min (ms) | decode tok/s | end-to-end tok/s | tokens |\n"
                + "|---|---|---|---|---|---|\n");
        List<GenerationSample> direct = generation.values().iterator().next();
        double directDecode = GenerationSample.median(direct, GenerationSample::decodeTokensPerSecond);
        double directTtft = GenerationSample.median(direct, x -> x.firstNanos() / 1e6);
        var notes = new StringBuilder();
        for (var entry : generation.entrySet()) {
            List<GenerationSample> s = entry.getValue();
            double ttft = GenerationSample.median(s, x -> x.firstNanos() / 1e6);
            double decode = GenerationSample.median(s, GenerationSample::decodeTokensPerSecond);
            md.append(String.format(Locale.ROOT, "| %s | %.2f | %.2f | %.1f | %.1f | %d |%n", entry.getKey(), ttft,
                    GenerationSample.min(s, x -> x.firstNanos() / 1e6), decode,
                    GenerationSample.median(s, GenerationSample::tokensPerSecond), s.getFirst().tokens()));
            if (s != direct) {
                notes.append(String.format(Locale.ROOT, "- %s: %.1f%% of direct decode tokens/s (%+.1f µs per token), "
                        + "TTFT %+.2f ms vs direct.%n", entry.getKey(), 100 * decode / directDecode,
                        1e6 / decode - 1e6 / directDecode, ttft - directTtft));
            }
        }
        md.append('\n').append(notes).append('\n');
    }

    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.0f MiB", bytes / 1048576.0);
    }
}
