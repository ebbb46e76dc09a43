package dev.gatehouse.router.eval;

import dev.gatehouse.router.difficulty.DifficultyModel;
import dev.gatehouse.router.difficulty.RoutingExample;
import dev.gatehouse.router.difficulty.RoutingTable;
import dev.gatehouse.router.features.MiniLmEmbedder;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code gatehouse eval routing-bench}: the routing evaluations of {@code docs/BENCHMARKS.md} in one run over the
 * shared evaluation data — held-out prompts of MMLU and of RouterBench, held-out MMLU subjects, MMLU → RouterBench and
 * RouterBench → MMLU — plus the scorer's latency per prompt; writes the {@code bench:routing} section.
 */
@Command(name = "routing-bench", description = "Run the routing evaluations on ../shared/eval and write docs/BENCHMARKS.md.")
public final class RoutingBenchCommand implements Callable<Integer> {
    static final String CROSS_WEAK = "mistralai/mixtral-8x7b-chat";
    static final String CROSS_STRONG = "gpt-4-1106-preview";
    static final String MMLU_WEAK = "mistralai/Mixtral-8x7B-Instruct-v0.1";
    /** Seeded random halves of the MMLU subjects: one held-out-topic split says little, MMLU's subjects differ so much. */
    static final int RANDOM_HALVES = 12;
    /**
     * Each single-split row is also trained at seeds 2..SEEDS: the seed draws the bags' subsets and, under 5,000
     * training rows, the cross-validation folds, and on a cross-benchmark row that alone moves APGR by a few hundredths.
     */
    static final int SEEDS = 3;

    @Spec
    CommandSpec spec;

    @Option(names = "--eval-dir", defaultValue = "../shared/eval", description = "Shared evaluation data (default ${DEFAULT-VALUE}).")
    Path evalDir;

    @Option(names = "--out", defaultValue = "docs/BENCHMARKS.md", description = "Markdown file to write the section into (default ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--embedding-cache", defaultValue = "target/embedding-cache", description = "Embedding cache directory (default ${DEFAULT-VALUE}).")
    Path cache;

    @Override
    public Integer call() throws IOException {
        PrintWriter log = spec.commandLine().getOut();
        Path mmlu = evalDir.resolve("routing/routellm-mmlu");
        Path routerBench = evalDir.resolve("routing/routerbench-train");
        if (!Files.isDirectory(mmlu) || !Files.isDirectory(routerBench)) {
            spec.commandLine().getErr().println("eval routing-bench: expected " + mmlu + " and " + routerBench);
            return 2;
        }
        Map<String, RoutingRun> runs = new LinkedHashMap<>();
        run(runs, log, "MMLU, held-out prompts", setup(mmlu, null, "prompts", MMLU_WEAK, CROSS_STRONG, null, null));
        run(runs, log, "RouterBench, held-out prompts", setup(routerBench, null, "prompts", CROSS_WEAK, CROSS_STRONG, null, null));
        run(runs, log, "MMLU, held-out subjects", setup(mmlu, null, "groups", MMLU_WEAK, CROSS_STRONG, null, null));
        run(runs, log, "MMLU → RouterBench (ARC, MBPP, Winogrande pooled)",
                setup(routerBench, mmlu, null, CROSS_WEAK, CROSS_STRONG, MMLU_WEAK, CROSS_STRONG));
        try (var files = Files.list(routerBench)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".csv")).sorted().toList()) {
                run(runs, log, "MMLU → " + file.getFileName(), setup(file, mmlu, null, CROSS_WEAK, CROSS_STRONG, MMLU_WEAK, CROSS_STRONG));
            }
        }
        run(runs, log, "RouterBench (all three) → MMLU", setup(mmlu, routerBench, null, MMLU_WEAK, CROSS_STRONG, CROSS_WEAK, CROSS_STRONG));
        List<RoutingRun> halves = new ArrayList<>();
        for (long seed = 1; seed <= RANDOM_HALVES; seed++) {
            var outcome = setup(mmlu, null, "random-groups", MMLU_WEAK, CROSS_STRONG, null, null, seed).run(log);
            log.printf(java.util.Locale.ROOT, "random half %d: learned %.3f, length %.3f%n", seed, outcome.result().learned().apgr(),
                    outcome.result().length().apgr());
            halves.add(new RoutingRun(outcome.result(), outcome.description(), List.of()));
        }
        var latency = latency(mmlu, log);
        new RoutingBenchReport(runs, halves, latency).writeInto(out);
        log.println("wrote " + out.toAbsolutePath());
        return 0;
    }

    /** @param seedApgrs the learned router's APGR at seeds 1, 2, … (empty where only seed 1 ran) */
    record RoutingRun(RoutingEvaluation.Result result, String description, List<Double> seedApgrs) {}

    private RoutingEvalCommand.Setup setup(Path data, Path train, String split, String weak, String strong, String trainWeak,
            String trainStrong) {
        return setup(data, train, split, weak, strong, trainWeak, trainStrong, 1);
    }

    private RoutingEvalCommand.Setup setup(Path data, Path train, String split, String weak, String strong, String trainWeak,
            String trainStrong, long seed) {
        return new RoutingEvalCommand.Setup(data, train, split, null, null, weak, strong, trainWeak, trainStrong, 0.24, 24.7, seed, cache,
                EmbedderChoice.MINILM);
    }

    private static void run(Map<String, RoutingRun> runs, PrintWriter log, String name, RoutingEvalCommand.Setup setup)
            throws IOException {
        log.println("== " + name);
        var outcome = setup.run(log);
        log.println(RoutingResultFormat.text(outcome.result(), outcome.description()));
        List<Double> seeds = new ArrayList<>(List.of(outcome.result().learned().apgr()));
        for (long seed = 2; seed <= SEEDS; seed++) {
            var again = setup.withSeed(seed).run(log);
            seeds.add(again.result().learned().apgr());
        }
        log.println("learned APGR at seeds 1.." + SEEDS + ": " + seeds);
        runs.put(name, new RoutingRun(outcome.result(), outcome.description(), seeds));
    }

    /** Milliseconds per prompt for embedding + scoring, and microseconds for scoring alone, over real MMLU prompts. */
    record Latency(int prompts, double embedMedianMs, double embedP90Ms, double embedP99Ms, double scoreMedianMicros,
            double meanChars) {}

    private static Latency latency(Path mmlu, PrintWriter log) throws IOException {
        List<RoutingExample> examples = RoutingTable.read(mmlu).pair(MMLU_WEAK, CROSS_STRONG);
        List<String> prompts = new ArrayList<>();
        for (int i = 0; i < examples.size() && prompts.size() < 300; i += Math.max(1, examples.size() / 300)) {
            prompts.add(examples.get(i).prompt());
        }
        var model = DifficultyModel.builtin();
        double[] total = new double[prompts.size()];
        double[] score = new double[prompts.size()];
        try (var embedder = MiniLmEmbedder.open()) {
            for (int i = 0; i < 30; i++) model.score(prompts.get(i), embedder.embed(prompts.get(i)));
            for (int i = 0; i < prompts.size(); i++) {
                long start = System.nanoTime();
                float[] v = embedder.embed(prompts.get(i));
                long embedded = System.nanoTime();
                model.score(prompts.get(i), v);
                long end = System.nanoTime();
                total[i] = (end - start) / 1e6;
                score[i] = (end - embedded) / 1e3;
            }
        }
        Arrays.sort(total);
        Arrays.sort(score);
        var latency = new Latency(prompts.size(), total[total.length / 2], total[(int) (total.length * 0.9)],
                total[(int) (total.length * 0.99)], score[score.length / 2],
                prompts.stream().mapToInt(String::length).average().orElse(0));
        log.println("latency: " + latency);
        return latency;
    }
}
