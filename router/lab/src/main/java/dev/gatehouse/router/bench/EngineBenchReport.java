package dev.gatehouse.router.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Renders {@code gatehouse bench engine} as the {@code engine} section of {@code docs/BENCHMARKS.md}: one table per
 * model, then the two targets checked against the figures, met or not, with the margin.
 */
final class EngineBenchReport {
    static final double SINGLE_STREAM_TARGET = 0.97;
    static final double EIGHT_STREAM_SCALING_TARGET = 3.0;

    private final String command;
    private final int tokens;
    private final int rounds;
    private final int threads;
    private final String engineVersion;
    private final long randomModelBytes;
    private final String loadBefore;
    private final String loadAfter;
    private final Map<Model, Map<Integer, Map<String, List<ConcurrentRound>>>> results = new LinkedHashMap<>();

    /** @param description what the file is, for the heading (e.g. "random-weight llama, F16, 4 layers, n_embd 1408") */
    record Model(Path file, String description, boolean countsForTargets) {}

    EngineBenchReport(String command, int tokens, int rounds, int threads, String engineVersion,
                      long randomModelBytes, String loadBefore, String loadAfter) {
        this.randomModelBytes = randomModelBytes;
        this.loadBefore = loadBefore;
        this.loadAfter = loadAfter;
        this.command = command;
        this.tokens = tokens;
        this.rounds = rounds;
        this.threads = threads;
        this.engineVersion = engineVersion;
    }

    void add(Model model, Map<Integer, Map<String, List<ConcurrentRound>>> byLevel) {
        results.put(model, byLevel);
    }

    void writeInto(Path file) throws IOException {
        BenchmarksFile.writeSection(file, "engine", render());
    }

    String render() {
        var md = new StringBuilder();
        md.append("## Engines: llama.cpp in process vs java-llama.cpp and llama.cpp behind the HTTP SSE server\n\n");
        md.append("Command: `").append(command).append("` (run ").append(LocalDate.now()).append(").\n\n");
        md.append("Machine: ").append(MachineDescription.describe()).append("; load average (1, 5, 15 min) ")
                .append(loadBefore).append(" at the start, ").append(loadAfter).append(" at the end (other work on "
                        + "the machine shares its cores with every path alike).\n\n");
        md.append(String.format(Locale.ROOT, """
                Method: every row is the same GGUF file, the prompt "%s" as one user message (the worker renders the model's \
                Jinja template when it has one, else, like (a) always, the engine's built-in template; the prompt \
                tokens column shows what each path read), greedy decoding, up to %d tokens per stream, \
                %d llama.cpp thread(s) everywhere (on this machine the other cores are left to the server, the HTTP \
                clients and the JVM, as `NativeModelLoader` does for workers). For each concurrency level N every path \
                holds a model loaded with N slots of %d tokens of context; all of them (levels × paths) are loaded \
                before the first round. Before each run of a cell the benchmark waits until this JVM and the workers \
                are idle (under 10%% of a core over 200 ms). A run of a cell (level, path) starts N streams together (each on a platform \
                thread of its own, released by one gate) and ends when the last one does. Every round runs every \
                cell once, in an order rotated by one each round, so slow drift in the machine's load hits every \
                cell alike; %d warm-up round(s) of %d tokens, then %d timed rounds.

                - (a) llama.cpp in process: `ChatEngines.open("llama.cpp", …)` → `LlamaCppEngine` (the FFM binding of the \
                @node-llama-cpp %s CPU libraries, its continuous-batching decode loop) called directly in the benchmark's JVM: \
                tokenise, decode, greedy sampling, detokenise; no worker, no pool, no HTTP. This stands in for \
                llama-bench: the same libraries and the same loop the worker runs.
                - (b) java-llama.cpp (the old engine, 4.2.0 = llama.cpp b4916) in a worker process behind a real \
                Gatehouse server: `POST /v1/chat/completions` with `stream: true` over loopback, SSE read back.
                - (c) llama.cpp (the new engine) in a worker process behind the same server, same request.

                Models: the builtin stories260K (too small for the targets: per-token overheads dominate it) and \
                generated random-weight llamas of about %d MB (`RandomModelGguf`, `RandomModelSpec.ofApproxBytes`): \
                of the tensor types asked for: Q4_0 and Q8_0 (the writer's block encoders: quantised files as people \
                run them), F16 (what people run unquantised) or F32 (twice the bytes per weight, to show how far the \
                CPU's cost per weight limits batching). The targets are checked on each generated model.

                Aggregate tokens/s = all streams' generated tokens over the round's wall time, prompt processing \
                included (median of the rounds). Decode-phase aggregate = every stream's tokens after its first over \
                the time from the round's earliest first token to its last token: the same work without the prefill, \
                which at N streams reads N prompts before the first token (median of the rounds). \
                Per-stream decode tokens/s = a stream's tokens after its first over the time after its first (median \
                of all streams of all rounds). TTFT = request start to the first non-empty text, median and maximum \
                over all streams of all rounds. CPU ms/token = CPU time of this JVM (harness, server, clients, \
                in-process engine) plus every worker process over the run of a cell, per generated token (median of \
                the rounds; idle workers and engines add nothing measurable): unlike wall time, other work on the \
                machine hardly moves it. "× 1 stream" = aggregate over the same path's aggregate at 1 stream.

                """, GenerationBench.PROMPT, tokens, threads, BenchPool.CONTEXT, EngineBench.WARMUP_ROUNDS,
                Math.min(tokens, EngineBench.WARMUP_TOKENS), rounds, engineVersion, randomModelBytes / 1_000_000));
        List<String> targets = new ArrayList<>();
        for (var model : results.entrySet()) {
            Model m = model.getKey();
            md.append(String.format(Locale.ROOT, "#### `%s` (%.1f MB, %s)%n%n", m.file().getFileName(),
                    m.file().toFile().length() / 1e6, m.description()));
            md.append("| streams | path | aggregate tok/s | rounds min–max | × 1 stream | vs (a) | decode-phase aggregate tok/s | "
                    + "× 1 stream | per-stream decode tok/s | TTFT median ms | TTFT max ms | CPU ms/token | tokens/stream | "
                    + "prompt tokens |\n|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
            Map<String, Double> single = new LinkedHashMap<>();
            Map<String, Double> singleDecode = new LinkedHashMap<>();
            for (var level : model.getValue().entrySet()) {
                int streams = level.getKey();
                double inProcess = Double.NaN;
                for (var path : level.getValue().entrySet()) {
                    List<ConcurrentRound> r = path.getValue();
                    double aggregate = aggregate(r);
                    double decode = decodeAggregate(r);
                    if (Double.isNaN(inProcess)) inProcess = aggregate;
                    if (streams == 1) {
                        single.put(path.getKey(), aggregate);
                        singleDecode.put(path.getKey(), decode);
                    }
                    List<GenerationSample> all = r.stream().flatMap(x -> x.samples().stream()).toList();
                    md.append(String.format(Locale.ROOT, "| %d | %s | %.1f | %s | %s | %.2f | %.1f | %s | %.1f | %.1f "
                                    + "| %.1f | %.2f | %s | %s |%n", streams, path.getKey(), aggregate, spread(r),
                            ratio(aggregate, single.get(path.getKey())), aggregate / inProcess, decode,
                            ratio(decode, singleDecode.get(path.getKey())),
                            GenerationSample.median(all, GenerationSample::decodeTokensPerSecond),
                            GenerationSample.median(all, s -> s.firstNanos() / 1e6),
                            max(all, s -> s.firstNanos() / 1e6), cpuPerToken(r), range(all, GenerationSample::tokens),
                            range(all, GenerationSample::promptTokens)));
                }
            }
            md.append('\n');
            if (m.countsForTargets()) targets.addAll(targets(m, model.getValue()));
        }
        if (!targets.isEmpty()) {
            md.append("Targets:\n\n");
            targets.forEach(t -> md.append("- ").append(t).append('\n'));
            md.append('\n');
        }
        return md.toString();
    }

    /**
     * The targets, judged per timed round: round i of every cell ran within one rotation, so a ratio of two
     * cells from the same round shares the machine's load of that minute. "Met" only when every round meets it,
     * "not met" when none does, otherwise inconclusive; CPU time per token, which other work on the machine moves
     * far less than wall time, is given beside each.
     */
    private static List<String> targets(Model m, Map<Integer, Map<String, List<ConcurrentRound>>> byLevel) {
        List<String> lines = new ArrayList<>();
        Map<String, List<ConcurrentRound>> one = byLevel.get(1);
        Map<String, List<ConcurrentRound>> eight = byLevel.get(8);
        String name = m.file().getFileName().toString();
        if (one == null) return lines;
        List<String> paths = List.copyOf(one.keySet());
        List<ConcurrentRound> a1 = one.get(paths.get(0));
        List<ConcurrentRound> c1 = one.get(paths.get(2));
        double[] perRound = paired(c1, a1, ConcurrentRound::aggregateTokensPerSecond);
        List<GenerationSample> aSamples = samples(a1);
        List<GenerationSample> cSamples = samples(c1);
        double aDecode = GenerationSample.median(aSamples, GenerationSample::decodeTokensPerSecond);
        double cDecode = GenerationSample.median(cSamples, GenerationSample::decodeTokensPerSecond);
        double aCpu = cpuPerToken(a1);
        double cCpu = cpuPerToken(c1);
        lines.add(String.format(Locale.ROOT, "(c) ≥ %.2f × (a) at 1 stream on `%s`: %s; medians %.1f vs %.1f tok/s, "
                        + "decode %.1f vs %.1f tok/s, TTFT %+.1f ms; CPU per token %.2f vs %.2f ms, so (a)'s CPU cost "
                        + "is %.3f × (c)'s", SINGLE_STREAM_TARGET, name, verdict(perRound, SINGLE_STREAM_TARGET),
                aggregate(c1), aggregate(a1), cDecode, aDecode,
                GenerationSample.median(cSamples, x -> x.firstNanos() / 1e6)
                        - GenerationSample.median(aSamples, x -> x.firstNanos() / 1e6), cCpu, aCpu, aCpu / cCpu));
        if (eight != null) {
            for (String path : List.of(paths.get(2), paths.get(0))) {
                List<ConcurrentRound> at1 = one.get(path);
                List<ConcurrentRound> at8 = eight.get(path);
                lines.add(String.format(Locale.ROOT, "%s aggregate at 8 streams ≥ %.0f × 1 stream on `%s`: %s; "
                                + "decode phase alone %.2f × (medians); CPU per token %.2f ms at 8 streams vs %.2f at 1 "
                                + "= %.2f × fewer", path, EIGHT_STREAM_SCALING_TARGET, name,
                        verdict(paired(at8, at1, ConcurrentRound::aggregateTokensPerSecond), EIGHT_STREAM_SCALING_TARGET),
                        decodeAggregate(at8) / decodeAggregate(at1), cpuPerToken(at8), cpuPerToken(at1),
                        cpuPerToken(at1) / cpuPerToken(at8)));
            }
        }
        return lines;
    }

    /** Round by round, {@code f(top) / f(bottom)}. */
    private static double[] paired(List<ConcurrentRound> top, List<ConcurrentRound> bottom,
                                   ToDoubleFunction<ConcurrentRound> f) {
        double[] ratios = new double[Math.min(top.size(), bottom.size())];
        for (int i = 0; i < ratios.length; i++) {
            ratios[i] = f.applyAsDouble(top.get(i)) / f.applyAsDouble(bottom.get(i));
        }
        return ratios;
    }

    static String verdict(double[] perRound, double target) {
        long reached = java.util.Arrays.stream(perRound).filter(r -> r >= target).count();
        String rounds = java.util.Arrays.stream(perRound).mapToObj(r -> String.format(Locale.ROOT, "%.2f", r))
                .collect(java.util.stream.Collectors.joining(", "));
        String outcome = reached == perRound.length ? "**met**"
                : reached == 0 ? String.format(Locale.ROOT, "**not met** (median %.0f%% of the target)",
                        100 * median(perRound) / target)
                : String.format(Locale.ROOT, "**inconclusive** (%d of %d rounds reach it)", reached, perRound.length);
        return String.format(Locale.ROOT, "%s — %.2f × median, rounds %s", outcome, median(perRound), rounds);
    }

    private static double cpuPerToken(List<ConcurrentRound> rounds) {
        return median(rounds.stream().mapToDouble(ConcurrentRound::cpuMillisPerToken).toArray());
    }

    /** /proc/loadavg's first three fields, or "unknown" where there is none. */
    static String loadAverage() {
        try {
            String[] fields = java.nio.file.Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return fields[0] + ", " + fields[1] + ", " + fields[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static List<GenerationSample> samples(List<ConcurrentRound> rounds) {
        return rounds.stream().flatMap(r -> r.samples().stream()).toList();
    }

    private static double aggregate(List<ConcurrentRound> rounds) {
        return median(rounds.stream().mapToDouble(ConcurrentRound::aggregateTokensPerSecond).toArray());
    }

    private static double decodeAggregate(List<ConcurrentRound> rounds) {
        return median(rounds.stream().mapToDouble(ConcurrentRound::aggregateDecodeTokensPerSecond).toArray());
    }

    /** The slowest and the fastest round: how much the machine's load moved the figure. */
    private static String spread(List<ConcurrentRound> rounds) {
        var stats = rounds.stream().mapToDouble(ConcurrentRound::aggregateTokensPerSecond).summaryStatistics();
        return String.format(Locale.ROOT, "%.1f–%.1f", stats.getMin(), stats.getMax());
    }

    private static String ratio(double value, Double base) {
        return base == null ? "–" : String.format(Locale.ROOT, "%.2f", value / base);
    }

    private static double median(double[] values) {
        double[] v = values.clone();
        java.util.Arrays.sort(v);
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }

    private static double max(List<GenerationSample> samples, ToDoubleFunction<GenerationSample> f) {
        return samples.stream().mapToDouble(f).max().orElse(Double.NaN);
    }

    /** "n" when every stream had the same count, else "min–max". */
    private static String range(List<GenerationSample> samples, java.util.function.ToIntFunction<GenerationSample> f) {
        var stats = samples.stream().mapToInt(f).summaryStatistics();
        if (stats.getMin() < 0) return "–";
        return stats.getMin() == stats.getMax() ? Integer.toString(stats.getMin())
                : stats.getMin() + "–" + stats.getMax();
    }
}
