package dev.gatehouse.router.decisionbench;

import dev.gatehouse.router.bench.BenchmarksFile;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Locale;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.util.Statistics;

/**
 * Runs {@link DecisionBenchmark} and writes the {@code <!-- bench:decision -->} section of docs/BENCHMARKS.md.
 * Usage (from the repository root, after {@code ./mvnw -o -q -pl router -am test-compile}):
 * {@code java -cp router/target/test-classes:router/target/classes:<test classpath> ...DecisionBenchMain docs/BENCHMARKS.md}
 */
public final class DecisionBenchMain {


    private DecisionBenchMain() {}

    public static void main(String[] args) throws RunnerException, IOException {
        Path out = Path.of(args.length > 0 ? args[0] : "docs/BENCHMARKS.md");
        var options = new OptionsBuilder().include(DecisionBenchmark.class.getName())
                .forks(1).warmupIterations(3).warmupTime(TimeValue.seconds(2))
                .measurementIterations(5).measurementTime(TimeValue.seconds(3)).threads(1)
                .jvmArgsAppend("--enable-native-access=ALL-UNNAMED").build();
        var results = new Runner(options).run();
        StringBuilder md = new StringBuilder();
        md.append("## Routing decision latency (JMH)\n\n");
        md.append("Run ").append(LocalDate.now()).append(" with `DecisionBenchMain` (router test scope, JMH 1.37, ")
                .append("1 fork, 3×2 s warm-up, 5×3 s measurement, 1 thread, sample-time mode).\n\n");
        md.append("Machine: ").append(machine()).append(".\n\n");
        md.append("Method: one call = feature extraction of a ~512-token coding prompt (token estimate, code/math/"
                + "language/document signals, task category, the production privacy scanner with strict egress; difficulty: "
                + "a constant on the rules path, the learned model on the embedding path) plus "
                + "`Decider.decide` over the policy's targets and a capacity snapshot (every fifth target cold, "
                + "queues varied). *rules only* = keyword classifier, no embedding; *with embeddings* = MiniLM-L6 "
                + "int8 on CPU (ONNX Runtime, in process) embeds the prompt once (its first " + dev.gatehouse.router.features.MiniLmEmbedder.WORD_PIECES + " word pieces) and the nearest-neighbour "
                + "classifier reads it. Targets: 4, or 1,000 (half remote).\n\n");
        md.append("| path | targets | samples | p50 µs | p99 µs | p99.9 µs | max µs |\n|---|---|---|---|---|---|---|\n");
        for (RunResult r : results) {
            String name = r.getParams().getBenchmark().substring(r.getParams().getBenchmark().lastIndexOf('.') + 1);
            Statistics s = r.getPrimaryResult().getStatistics();
            md.append(String.format(Locale.ROOT, "| %s | %s | %d | %.1f | %.1f | %.1f | %.1f |%n",
                    name.equals("rulesOnly") ? "rules only" : "with embeddings", r.getParams().getParam("targets"),
                    s.getN(), s.getPercentile(50), s.getPercentile(99), s.getPercentile(99.9), s.getMax()));
        }
        md.append("\nTargets from the issue: rules-only p99 well under 1 ms; with the embedding classifier p99 under "
                + "15 ms; 1,000 targets under 1 ms on the rules path.\n");
        write(out, md.toString());
        System.out.println(md);
    }

    private static String machine() {
        String cpu = "unknown CPU";
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse(cpu);
        } catch (IOException ignored) {
            // not Linux: cores and Java version still say what matters
        }
        long memGiB = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getTotalMemorySize() >> 30;
        String load = "";
        try {
            load = ", load average " + Files.readString(Path.of("/proc/loadavg")).split(" ")[0] + " at the end";
        } catch (IOException ignored) {
            // not Linux
        }
        return cpu + ", " + Runtime.getRuntime().availableProcessors() + " cores (shared with other builds" + load
                + "), " + memGiB + " GiB RAM, Java " + System.getProperty("java.version");
    }

    private static void write(Path file, String body) throws IOException {
        BenchmarksFile.writeSection(file, "decision", body);
    }
}
