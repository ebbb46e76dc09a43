package dev.gatehouse.router.bench;

import dev.gatehouse.manifest.BuiltinModelFiles;
import dev.gatehouse.manifest.gguf.GgmlType;
import dev.gatehouse.manifest.gguf.GgufInfo;
import dev.gatehouse.manifest.gguf.GgufReader;
import dev.gatehouse.manifest.gguf.ModelArchitecture;
import dev.gatehouse.manifest.gguf.RandomModelGguf;
import dev.gatehouse.manifest.gguf.RandomModelSpec;
import dev.gatehouse.natives.ChatEngines;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code gatehouse bench engine}: tokens/s and time to first token of llama.cpp in process, of the old engine and of
 * the new one behind the HTTP SSE server, at 1 and several concurrent streams, on the builtin stories260K and on a
 * generated random-weight llama; writes the {@code engine} section of {@code docs/BENCHMARKS.md}.
 */
@Command(name = "engine", description = "Benchmark llama.cpp in process vs java-llama.cpp and llama.cpp over HTTP SSE, "
        + "1 to 16 concurrent streams; writes docs/BENCHMARKS.md.")
public final class EngineBenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--tokens", description = "Tokens per stream (default ${DEFAULT-VALUE}).", defaultValue = "48")
    int tokens;

    @Option(names = "--rounds", description = "Timed rounds per path and level (default ${DEFAULT-VALUE}).", defaultValue = "3")
    int rounds;

    @Option(names = "--streams", split = ",", description = "Concurrency levels (default ${DEFAULT-VALUE}).", defaultValue = "1,4,8,16")
    List<Integer> streams;

    @Option(names = "--random-model-bytes", description = "Tensor bytes of the generated F16 llama (default ${DEFAULT-VALUE}; 0 leaves it out).", defaultValue = "200000000")
    long randomModelBytes;

    // Q4_0 and Q8_0 are the quantised files people run; F16 is what they run unquantised
    @Option(names = "--random-model-types", split = ",", description = "Tensor types of the generated llamas: F16, F32, Q8_0, Q4_0 (default ${DEFAULT-VALUE}).", defaultValue = "Q4_0,Q8_0,F16")
    List<GgmlType> randomModelTypes;

    @Option(names = "--threads", description = "llama.cpp threads in every path (default: cores - 1, leaving one for the server and client).")
    Integer threads;

    @Option(names = "--out", description = "Markdown file to write the section into (default ${DEFAULT-VALUE}).", defaultValue = "docs/BENCHMARKS.md")
    Path out;

    /** Held so the setting is not collected with the logger: one INFO line per request would bury the progress lines. */
    private static final java.util.logging.Logger REQUEST_LOG = java.util.logging.Logger.getLogger("dev.gatehouse.router.http");

    private static final List<GgmlType> WRITABLE_TYPES = List.of(GgmlType.Q4_0, GgmlType.Q8_0, GgmlType.F16, GgmlType.F32);

    @Override
    public Integer call() throws Exception {
        validate();
        REQUEST_LOG.setLevel(java.util.logging.Level.WARNING);
        var libraries = ChatEngines.LlamaCppLibraries.installed();
        if (libraries == null) {
            throw new ParameterException(spec.commandLine(), "no llama.cpp backend is installed; run "
                    + "./gatehouse backends install cpu first");
        }
        PrintWriter log = spec.commandLine().getOut();
        int llamaThreads = threads != null ? threads : Math.max(1, Runtime.getRuntime().availableProcessors() - 1);
        Path work = Files.createTempDirectory("gatehouse-bench-engine-");
        var bench = new EngineBench(work, log, libraries);
        var results = new java.util.LinkedHashMap<EngineBenchReport.Model, java.util.Map<Integer, java.util.Map<String, List<ConcurrentRound>>>>();

        String loadBefore = EngineBenchReport.loadAverage();
        Path stories = BuiltinModelFiles.extracted("stories260k");
        var small = new EngineBenchReport.Model(stories, "builtin stories260K, " + shape(stories), false);
        results.put(small, bench.run(stories, streams, tokens, rounds, llamaThreads));
        if (randomModelBytes > 0) {
            for (GgmlType type : randomModelTypes) {
                RandomModelSpec randomShape = RandomModelSpec.ofApproxBytes(ModelArchitecture.LLAMA, randomModelBytes,
                        type);
                Path random = work.resolve("random-llama-" + type.name().toLowerCase(Locale.ROOT) + "-"
                        + randomModelBytes / 1_000_000 + "mb.gguf");
                RandomModelGguf.write(random, randomShape);
                var big = new EngineBenchReport.Model(random, "random-weight, " + shape(random), true);
                results.put(big, bench.run(random, streams, tokens, rounds, llamaThreads));
            }
        }
        var report = new EngineBenchReport(commandLine(llamaThreads), tokens, rounds, llamaThreads,
                bench.engineVersion(), randomModelBytes, loadBefore, EngineBenchReport.loadAverage());
        results.forEach(report::add);
        report.writeInto(out);
        log.println("wrote " + out.toAbsolutePath());
        return 0;
    }

    /** The model's shape as its GGUF header states it. */
    private static String shape(Path file) throws dev.gatehouse.manifest.gguf.GgufFormatException {
        GgufInfo info = GgufReader.read(file);
        return String.format(Locale.ROOT, "%s, %s, %d layers, n_embd %d, n_ff %d, %d heads / %d KV heads, vocab %d, "
                        + "%.1f M parameters, %s Jinja chat template", info.architecture(), info.quantization(),
                info.blockCount(), info.embeddingLength(), info.feedForwardLength(), info.headCount(),
                info.headCountKv(), info.vocabSize(), info.parameterCount() / 1e6,
                info.chatTemplate().isPresent() ? "a" : "no");
    }

    private void validate() {
        if (tokens < 2) throw new ParameterException(spec.commandLine(), "--tokens must be >= 2, was " + tokens);
        if (rounds < 1) throw new ParameterException(spec.commandLine(), "--rounds must be >= 1, was " + rounds);
        if (streams.isEmpty() || streams.stream().anyMatch(s -> s < 1 || s > 64)) {
            throw new ParameterException(spec.commandLine(), "--streams must list levels in [1, 64], was " + streams);
        }
        if (randomModelBytes < 0) {
            throw new ParameterException(spec.commandLine(), "--random-model-bytes must be >= 0, was " + randomModelBytes);
        }
        if (randomModelTypes.stream().anyMatch(t -> !WRITABLE_TYPES.contains(t))) {
            throw new ParameterException(spec.commandLine(), "--random-model-types must list types of " + WRITABLE_TYPES
                    + " (what the GGUF writer encodes), was " + randomModelTypes);
        }
        if (threads != null && threads < 1) {
            throw new ParameterException(spec.commandLine(), "--threads must be >= 1, was " + threads);
        }
    }

    private String commandLine(int llamaThreads) {
        return "./gatehouse bench engine --tokens " + tokens + " --rounds " + rounds + " --streams "
                + String.join(",", streams.stream().map(String::valueOf).toList()) + " --random-model-bytes "
                + randomModelBytes + " --random-model-types " + String.join(",", randomModelTypes.stream().map(Enum::name).toList())
                + " --threads " + llamaThreads;
    }
}
