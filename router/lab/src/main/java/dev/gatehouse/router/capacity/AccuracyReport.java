package dev.gatehouse.router.capacity;

import dev.gatehouse.router.bench.BenchmarksFile;
import dev.gatehouse.hardware.HardwareSnapshot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;

/** The {@code memory-estimate} section of {@code docs/BENCHMARKS.md}, between its markers; other sections stay. */
final class AccuracyReport {

    private final List<AccuracyCase.Result> results;
    private final HardwareSnapshot machine;
    private final String commandLine;

    AccuracyReport(List<AccuracyCase.Result> results, HardwareSnapshot machine, String commandLine) {
        this.results = List.copyOf(results);
        this.machine = machine;
        this.commandLine = commandLine;
    }

    void writeInto(Path file) throws IOException {
        BenchmarksFile.writeSection(file, "memory-estimate", render());
    }

    String render() {
        var md = new StringBuilder("## Memory estimate vs measured worker memory (CPU)\n\n");
        md.append("Command: `").append(commandLine).append("` (run ").append(LocalDate.now()).append(").\n\n");
        md.append(String.format(Locale.ROOT, "Machine: %s, %d cores, %.1f GiB RAM; no GPU, so only the host side "
                        + "(RSS) is measured here.%n%n", machine.cpu().model(), machine.cpu().cores(),
                machine.memory().totalBytes() / 1073741824.0));
        md.append("Method: for each row the model is loaded in a worker process exactly as the server loads it "
                + "(`MemoryEstimator.estimate` with an F16 KV cache and no GPU layers gives the prediction, from the "
                + "GGUF header alone). Then every slot runs, all at once, a prompt that fills its context (its size "
                + "is the 'prompt' column) and generates 2 tokens: that is the worst case the estimate is for — every "
                + "weight page read (llama.cpp mmaps the file, and RSS counts only pages touched), the whole KV cache "
                + "in use, and the compute graph run for a full 512-token micro-batch over the full cache. "
                + "'measured' is the worker's VmRSS at that point; it includes the worker JVM, which the estimate "
                + "covers as fixed overhead. 'after load' is VmRSS right after loading, before any prompt, for "
                + "comparison. Target: within 5% or 64 MiB of measured, whichever is larger. Caveat: only the rows "
                + "of `token_embd` for tokens seen are touched, so on a large-vocabulary model the weights part "
                + "overestimates a worker that has seen few distinct tokens (negligible for these models). The "
                + "compute-graph coefficients were fitted to the buffer sizes llama.cpp logs, the fixed and per-token "
                + "overheads to the stories260K, llama-2-tiny-random and 50/200 MiB rows of an earlier run; the 800 MiB "
                + "models were never used for fitting.\n\n");
        md.append("| model | file MiB | context | slots | prompt | weights | KV cache | compute | overhead | "
                + "predicted | after load | measured | error | within target |\n"
                + "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (AccuracyCase.Result r : results) {
            var p = r.predicted();
            md.append(String.format(Locale.ROOT, "| %s | %.1f | %d | %d | %d | %s | %s | %s | %s | %s | %s | %s | "
                            + "%+.1f%% | %s |%n", r.of().label(), r.of().file().toFile().length() / 1048576.0,
                    r.of().context(), r.of().slots(), r.promptTokens(), mib(p.weightsHostBytes()),
                    mib(p.kvCacheHostBytes()), mib(p.computeHostBytes()), mib(p.overheadHostBytes()),
                    mib(p.hostBytes()), mib(r.loadedRss()), mib(r.measuredRss()), r.errorPercent(),
                    r.withinTarget() ? "yes" : "**no**"));
        }
        long within = results.stream().filter(AccuracyCase.Result::withinTarget).count();
        double worst = results.stream().mapToDouble(r -> Math.abs(r.errorPercent())).max().orElse(0);
        double worstMib = results.stream()
                .mapToDouble(r -> Math.abs(r.predicted().hostBytes() - r.measuredRss()) / 1048576.0).max().orElse(0);
        md.append(String.format(Locale.ROOT, "%n%d of %d rows within target; largest error %.1f%%, largest absolute "
                + "error %.0f MiB.%n%n", within, results.size(), worst, worstMib));
        return md.toString();
    }

    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.0f MiB", bytes / 1048576.0);
    }
}
