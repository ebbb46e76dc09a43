package dev.gatehouse.router.eval;

import dev.gatehouse.router.difficulty.EmbeddingCache;
import dev.gatehouse.router.difficulty.RoutingTable;
import dev.gatehouse.router.difficulty.TrainRouterCommand;
import dev.gatehouse.router.features.MiniLmEmbedder;
import dev.gatehouse.router.learning.KnnRouter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code gatehouse eval routing-learn}: the kNN router of {@code train-router --feedback} on data it was not trained
 * on — MMLU's other subjects → its math subjects (two targets), RouterBench train → held-out prompts (eleven targets,
 * real per-call costs) and a simulated feedback loop — beside length, random and oracle; writes the
 * {@code bench:routing-learn} section of docs/BENCHMARKS.md.
 */
@Command(name = "routing-learn", description = "Evaluate the kNN router learned from feedback and write docs/BENCHMARKS.md.")
public final class RoutingLearnBenchCommand implements Callable<Integer> {
    /** MMLU's math subjects: the nearest thing to GSM8K-style math in the shared data. */
    static final Set<String> MATH = Set.of("mmlu_abstract_algebra", "mmlu_college_mathematics", "mmlu_elementary_mathematics",
            "mmlu_high_school_mathematics", "mmlu_high_school_statistics");

    @Spec
    CommandSpec spec;

    @Option(names = "--eval-dir", defaultValue = "../shared/eval", description = "Shared evaluation data (default ${DEFAULT-VALUE}).")
    Path evalDir;

    @Option(names = "--out", defaultValue = "docs/BENCHMARKS.md", description = "Markdown file to write the section into (default ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--embedding-cache", defaultValue = "target/embedding-cache", description = "Embedding cache directory (default ${DEFAULT-VALUE}).")
    Path cache;

    @Option(names = "--max-train", defaultValue = "4000", description = "Training prompts sampled from MMLU's other subjects (default ${DEFAULT-VALUE}).")
    int maxTrain;

    @Option(names = "--rounds", defaultValue = "8", description = "Rounds of the simulated feedback loop (default ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--reveal", defaultValue = "0.25", description = "Share of each round's traffic that gets feedback (default ${DEFAULT-VALUE}).")
    double reveal;

    @Option(names = "--explore", defaultValue = "0.1", description = "learnedRouter.explore of the loop with exploration (default ${DEFAULT-VALUE}).")
    double explore;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the samples and splits (default ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() throws IOException {
        PrintWriter log = spec.commandLine().getOut();
        Path mmlu = evalDir.resolve("routing/routellm-mmlu");
        Path routerBench = evalDir.resolve("routing/routerbench-train");
        if (!Files.isDirectory(mmlu) || !Files.isDirectory(routerBench)) {
            spec.commandLine().getErr().println("eval routing-learn: expected " + mmlu + " and " + routerBench);
            return 2;
        }
        try (var embedder = MiniLmEmbedder.open()) {
            var embeddings = EmbeddingCache.open(cache, TrainRouterCommand.EMBEDDER, embedder.dimensions());
            var math = mathFromOtherSubjects(RoutingTable.read(mmlu), embeddings, embedder, log);
            var bench = RoutingTable.read(routerBench);
            var benchSplit = routerBenchSplit(bench, embeddings, embedder, log);
            var mmluTable = RoutingTable.read(mmlu);
            var loops = new RoutingLearnReport.Loops[2];
            for (var rule : KnnRouter.Rule.values()) {
                log.println("candidates under the rule " + rule);
                loops[rule.ordinal()] = new RoutingLearnReport.Loops(
                        feedbackLoop(bench, embeddings, embedder, log, FeedbackLoopSimulation.Labels.SERVED_AND_PREFERRED, 0, rule),
                        feedbackLoop(bench, embeddings, embedder, log, FeedbackLoopSimulation.Labels.EVERY_TARGET, 0, rule),
                        feedbackLoop(bench, embeddings, embedder, log, FeedbackLoopSimulation.Labels.SERVED_AND_PREFERRED, explore,
                                rule),
                        mmluFeedbackLoop(mmluTable, embeddings, embedder, log, FeedbackLoopSimulation.Labels.SERVED, rule),
                        mmluFeedbackLoop(mmluTable, embeddings, embedder, log, FeedbackLoopSimulation.Labels.SERVED_AND_PREFERRED,
                                rule),
                        mmluFeedbackLoop(mmluTable, embeddings, embedder, log, FeedbackLoopSimulation.Labels.EVERY_TARGET, rule));
            }
            new RoutingLearnReport(math, benchSplit, loops[KnnRouter.Rule.CHEAPEST_EXPECTED.ordinal()],
                    loops[KnnRouter.Rule.CONSERVATIVE.ordinal()], rounds, reveal, explore, maxTrain).writeInto(out);
        }
        log.println("wrote " + out.toAbsolutePath());
        return 0;
    }

    /** Two targets, trained on a sample of the non-math subjects, tested on every math prompt. */
    private RoutingLearnReport.TwoTargets mathFromOtherSubjects(RoutingTable table, EmbeddingCache embeddings,
            MiniLmEmbedder embedder, PrintWriter log) throws IOException {
        var all = table.pair(RoutingBenchCommand.MMLU_WEAK, RoutingBenchCommand.CROSS_STRONG);
        // subjects whose labels are below guessing (GPT-4 right on 3% of high-school mathematics) measure the labels
        var suspects = dev.gatehouse.router.difficulty.LabelAudit.audit(all, RoutingBenchCommand.MMLU_WEAK,
                RoutingBenchCommand.CROSS_STRONG);
        suspects.forEach(s -> log.println("left out: " + s.why()));
        var pair = dev.gatehouse.router.difficulty.LabelAudit.without(all, suspects);
        List<dev.gatehouse.router.difficulty.RoutingExample> train = new ArrayList<>(), test = new ArrayList<>();
        for (var e : pair) (MATH.contains(e.group()) ? test : train).add(e);
        Collections.shuffle(train, new Random(seed));
        train = train.subList(0, Math.min(maxTrain, train.size()));
        log.printf("MMLU → math: %d training prompts, %d math prompts%n", train.size(), test.size());
        float[][] trainX = embeddings.embedAll(train.stream().map(e -> e.prompt()).toList(), embedder, log);
        float[][] testX = embeddings.embedAll(test.stream().map(e -> e.prompt()).toList(), embedder, log);
        double[][] labels = new double[train.size()][];
        for (int i = 0; i < labels.length; i++) labels[i] = new double[] {train.get(i).weakScore(), train.get(i).strongScore()};
        var router = KnnRouter.fit(List.of("weak", "strong"), trainX, labels, Double.NaN, TrainRouterCommand.EMBEDDER, seed);
        int n = test.size();
        double[] knn = new double[n], length = new double[n], oracle = new double[n], weak = new double[n], strong = new double[n];
        double[] weakCost = new double[n], strongCost = new double[n];
        String[] groups = new String[n];
        for (int i = 0; i < n; i++) {
            var e = test.get(i);
            double[] p = router.expected(testX[i]);
            knn[i] = p[1] - p[0];
            length[i] = e.prompt().length();
            oracle[i] = e.strongScore() - e.weakScore();
            weak[i] = e.weakScore();
            strong[i] = e.strongScore();
            long tokens = Math.max(1, (e.prompt().length() + 3) / 4);
            weakCost[i] = tokens * 0.24 / 1e6;
            strongCost[i] = tokens * 24.7 / 1e6;
            groups[i] = e.group();
        }
        var knnCurve = CostQualityCurve.ranked(knn, weak, strong, weakCost, strongCost);
        return new RoutingLearnReport.TwoTargets(train.size(), n, router.k(),
                suspects.stream().map(dev.gatehouse.router.difficulty.LabelAudit.Suspect::group).distinct().toList(), knnCurve,
                CostQualityCurve.ranked(length, weak, strong, weakCost, strongCost),
                CostQualityCurve.random(n, knnCurve.weakQuality(), knnCurve.strongQuality(),
                        java.util.Arrays.stream(weakCost).average().orElseThrow(),
                        java.util.Arrays.stream(strongCost).average().orElseThrow()),
                CostQualityCurve.ranked(oracle, weak, strong, weakCost, strongCost),
                ApgrComparison.of(knn, length, weak, strong, groups, seed));
    }

    /** Eleven targets: trained on 70% of RouterBench's prompts, tested on the other 30%, per-call costs from the data. */
    private RoutingLearnReport.ManyTargets routerBenchSplit(RoutingTable table, EmbeddingCache embeddings,
            MiniLmEmbedder embedder, PrintWriter log) throws IOException {
        List<RoutingTable.Row> rows = complete(table);
        Collections.shuffle(rows, new Random(seed));
        int cut = (int) Math.round(rows.size() * 0.7);
        var train = rows.subList(0, cut);
        var test = rows.subList(cut, rows.size());
        float[][] trainX = embeddings.embedAll(train.stream().map(RoutingTable.Row::prompt).toList(), embedder, log);
        float[][] testX = embeddings.embedAll(test.stream().map(RoutingTable.Row::prompt).toList(), embedder, log);
        double[][] labels = train.stream().map(RoutingTable.Row::scores).toArray(double[][]::new);
        var router = KnnRouter.fit(table.models(), trainX, labels, Double.NaN, TrainRouterCommand.EMBEDDER, seed);
        double[][] scores = test.stream().map(RoutingTable.Row::scores).toArray(double[][]::new);
        double[][] costs = test.stream().map(RoutingTable.Row::costs).toArray(double[][]::new);
        double[] meanCost = new double[table.models().size()];
        for (var r : train) for (int m = 0; m < meanCost.length; m++) meanCost[m] += r.costs()[m] / train.size();
        double[][] expected = new double[test.size()][];
        for (int i = 0; i < expected.length; i++) expected[i] = router.expected(testX[i]);
        double[] lengths = test.stream().mapToDouble(r -> r.prompt().length()).toArray();
        int cheapest = argmin(meanCost);
        int strongest = table.models().indexOf(table.mostAccurate());
        List<MultiTargetRouting.Point> singles = new ArrayList<>();
        for (int m = 0; m < meanCost.length; m++) singles.add(MultiTargetRouting.fixed(table.models().get(m), scores, costs, m));
        double[] bars = new double[201];
        for (int b = 0; b < bars.length; b++) bars[b] = b / 200.0;
        log.printf("RouterBench: %d training prompts, %d test prompts, k=%d, default bar %.3f%n", train.size(), test.size(),
                router.k(), router.bar());
        return new RoutingLearnReport.ManyTargets(train.size(), test.size(), router.k(), table.models(), singles,
                MultiTargetRouting.cheapestAdequate("kNN", expected, scores, costs, meanCost, bars),
                MultiTargetRouting.cheapestAdequate("kNN", expected, scores, costs, meanCost, new double[] {router.bar()}).getFirst(),
                MultiTargetRouting.byLength(lengths, scores, costs, cheapest, strongest, 50),
                MultiTargetRouting.random(singles.get(cheapest), singles.get(strongest), 50),
                MultiTargetRouting.oracle(scores, costs), cheapest, strongest);
    }

    private List<FeedbackLoopSimulation.Round> feedbackLoop(RoutingTable table, EmbeddingCache embeddings,
            MiniLmEmbedder embedder, PrintWriter log, FeedbackLoopSimulation.Labels labels, double exploreShare, KnnRouter.Rule rule)
            throws IOException {
        List<RoutingTable.Row> rows = complete(table);
        float[][] x = embeddings.embedAll(rows.stream().map(RoutingTable.Row::prompt).toList(), embedder, log);
        var result = FeedbackLoopSimulation.run(rows.stream().map(RoutingTable.Row::prompt).toList(), x,
                rows.stream().map(RoutingTable.Row::scores).toArray(double[][]::new),
                rows.stream().map(RoutingTable.Row::costs).toArray(double[][]::new), table.models(), rounds, reveal, seed, labels, exploreShare,
                rule);
        result.forEach(r -> log.println(r));
        return result;
    }

    /**
     * The loop with exploration on MMLU's two targets (Mixtral-8x7B, GPT-4; every subject whose labels pass the
     * audit, costs from prompt tokens as in the first section): fourteen thousand prompts, so exploration at the same
     * share yields far more labels per target than eleven targets on RouterBench's 2205 prompts.
     */
    private List<FeedbackLoopSimulation.Round> mmluFeedbackLoop(RoutingTable table, EmbeddingCache embeddings,
            MiniLmEmbedder embedder, PrintWriter log, FeedbackLoopSimulation.Labels labels, KnnRouter.Rule rule) throws IOException {
        var all = table.pair(RoutingBenchCommand.MMLU_WEAK, RoutingBenchCommand.CROSS_STRONG);
        var pair = dev.gatehouse.router.difficulty.LabelAudit.without(all, dev.gatehouse.router.difficulty.LabelAudit.audit(
                all, RoutingBenchCommand.MMLU_WEAK, RoutingBenchCommand.CROSS_STRONG));
        List<String> prompts = pair.stream().map(e -> e.prompt()).toList();
        double[][] scores = new double[pair.size()][];
        double[][] costs = new double[pair.size()][];
        for (int i = 0; i < pair.size(); i++) {
            var e = pair.get(i);
            long tokens = Math.max(1, (e.prompt().length() + 3) / 4);
            scores[i] = new double[] {e.weakScore(), e.strongScore()};
            costs[i] = new double[] {tokens * 0.24 / 1e6, tokens * 24.7 / 1e6};
        }
        float[][] x = embeddings.embedAll(prompts, embedder, log);
        var result = FeedbackLoopSimulation.run(prompts, x, scores, costs, List.of(RoutingBenchCommand.MMLU_WEAK,
                RoutingBenchCommand.CROSS_STRONG), rounds, reveal, seed, labels, explore, rule);
        result.forEach(r -> log.println(r));
        return result;
    }

    /** Rows where every model has a score and a cost. */
    private static List<RoutingTable.Row> complete(RoutingTable table) {
        List<RoutingTable.Row> rows = new ArrayList<>();
        for (var r : table.rows()) {
            boolean whole = true;
            for (int m = 0; m < r.scores().length; m++) whole &= !Double.isNaN(r.scores()[m]) && !Double.isNaN(r.costs()[m]);
            if (whole) rows.add(r);
        }
        return rows;
    }

    private static int argmin(double[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) if (values[i] < values[best]) best = i;
        return best;
    }
}
