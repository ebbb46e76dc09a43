package dev.gatehouse.router.decisionbench;

import java.util.Arrays;
import java.util.Locale;

/**
 * Latency percentiles of the embedding path, without JMH: {@code embed()} alone and the whole decision (features plus
 * {@code Decider.decide}, 4 targets) for the benchmark's ~512-token prompt and for a 50 KB prompt, calls interleaved
 * so that a burst of load from elsewhere hits all four alike. Prints one line per case; nothing is written to disk.
 * It exists to compare builds side by side (run it from two class paths in turn) on a machine that others share,
 * where one figure means little and the spread over repeated runs is the result.
 * Usage: {@code java -cp <router test class path> dev.gatehouse.router.decisionbench.EmbedLatencyMain [calls] [label]}
 */
public final class EmbedLatencyMain {

    private static final String LONG_PROMPT = DecisionBenchmark.PROMPT.repeat(30); // ~50 KB

    private EmbedLatencyMain() {}

    public static void main(String[] args) {
        int calls = args.length > 0 ? Integer.parseInt(args[0]) : 400;
        String label = args.length > 1 ? args[1] : "this build";
        DecisionBenchmark bench = new DecisionBenchmark();
        bench.targets = 4;
        bench.setUp();
        try {
            String[] names = {"embed 512-token prompt", "decision 512-token prompt", "embed 50 KB prompt",
                    "decision 50 KB prompt"};
            long[][] nanos = new long[names.length][calls];
            var longInput = DecisionBenchmark.inputOf(LONG_PROMPT);
            int warmUp = Math.max(50, calls / 4);
            for (int i = -warmUp; i < calls; i++) {
                long[] t = new long[names.length];
                long start = System.nanoTime();
                bench.embedder.embed(DecisionBenchmark.PROMPT);
                t[0] = System.nanoTime() - start;
                start = System.nanoTime();
                bench.withEmbeddingClassifier();
                t[1] = System.nanoTime() - start;
                start = System.nanoTime();
                bench.embedder.embed(LONG_PROMPT);
                t[2] = System.nanoTime() - start;
                start = System.nanoTime();
                bench.decide(longInput);
                t[3] = System.nanoTime() - start;
                if (i >= 0) {
                    for (int c = 0; c < names.length; c++) {
                        nanos[c][i] = t[c];
                    }
                }
            }
            for (int c = 0; c < names.length; c++) {
                long[] sorted = nanos[c].clone();
                Arrays.sort(sorted);
                System.out.printf(Locale.ROOT, "%-12s %-26s n=%d p50 %6.2f  p90 %6.2f  p99 %6.2f  max %6.2f ms%n",
                        label, names[c], calls, ms(sorted, 0.50), ms(sorted, 0.90), ms(sorted, 0.99),
                        sorted[sorted.length - 1] / 1e6);
            }
        } finally {
            bench.tearDown();
        }
    }

    private static double ms(long[] sorted, double quantile) {
        return sorted[(int) Math.min(sorted.length - 1, Math.ceil(quantile * sorted.length) - 1)] / 1e6;
    }
}
