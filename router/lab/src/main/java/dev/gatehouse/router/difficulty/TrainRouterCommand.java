package dev.gatehouse.router.difficulty;

import dev.gatehouse.router.features.MiniLmEmbedder;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code gatehouse train-router}: fits the difficulty model to routing CSVs and writes the artifact; with
 * {@code --recalibrate}, rewrites only the calibration table of an existing artifact from one's own traffic.
 */
@Command(name = "train-router", description = "Train the difficulty model from routing CSVs, recalibrate it on your traffic, "
        + "or learn a kNN router from your judged traffic (--feedback).")
public final class TrainRouterCommand implements Callable<Integer> {
    /** The embedder every shipped model is trained on. */
    public static final String EMBEDDER = MiniLmEmbedder.NAME;

    @Spec
    CommandSpec spec;

    @Option(names = "--data", description = "RouteLLM- or RouterBench-layout CSV, or a directory of them.")
    Path data;

    @Option(names = "--out", description = "Artifact to write (with --recalibrate: default the --model file).")
    Path out;

    @Option(names = "--weak", description = "Weak model column (default: the cheapest, else the least accurate).")
    String weak;

    @Option(names = "--strong", description = "Strong model column (default: the most accurate).")
    String strong;

    @Option(names = "--seed", defaultValue = "1", description = "Seed for shuffling and splits (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--embedding-cache", defaultValue = "target/embedding-cache",
            description = "Directory caching prompt embeddings between runs (default ${DEFAULT-VALUE}).")
    Path cache;

    @Option(names = "--validate", defaultValue = "groups",
            description = "What the held-out check rows are: 'groups' (subjects/benchmarks never trained on: a router that must "
                    + "carry over to new topics) or 'prompts' (held-out prompts of the same topics: a router trained on "
                    + "the traffic it will serve). Default ${DEFAULT-VALUE}.")
    String validate;

    @Option(names = "--keep-suspect-groups", description = "Train on groups whose labels look broken (a model far below "
            + "guessing on multiple-choice questions) instead of leaving them out.")
    boolean keepSuspectGroups;

    @Option(names = "--recalibrate", description = "Only rewrite the calibration table of --model from --traffic.")
    boolean recalibrate;

    @Option(names = "--traffic", description = "Your prompts: one per line, or JSONL ({\"prompt\":…} or a chat request).")
    Path traffic;

    @Option(names = "--model", description = "Artifact to recalibrate ('builtin' for the shipped one).")
    String model;

    @Option(names = "--feedback", description = "A decision log folder with feedback.jsonl: learn a kNN router from your judged traffic.")
    Path feedback;

    @Option(names = "--prompts", description = "With --feedback: prompt text, JSONL of {\"decision_id\",\"prompt\"}, "
            + "{\"prompt\"} or chat requests (joined by the log's keyed hash); the log keeps no text.")
    Path prompts;

    @Option(names = "--current", description = "With --feedback: the live kNN artifact to compare against (never overwritten).")
    Path current;

    @Option(names = "--success-bar", description = "With --feedback: expected success that counts as 'will succeed' "
            + "(default: 95%% of the best target's success rate).")
    Double successBar;

    @Option(names = "--rule", defaultValue = "cheapest-expected", converter = RuleOption.class,
            description = "With --feedback: how the candidate offers targets. 'cheapest-expected' (default): the cheapest "
                    + "target whose expected success reaches the bar. 'conservative': the reference target (best-assured "
                    + "served record) unless another target's lower confidence bound on the prompt's neighbourhood "
                    + "reaches 95%% of the reference's expected success there; preferred-target labels are left out.")
    dev.gatehouse.router.learning.KnnRouter.Rule rule;

    @Override
    public Integer call() throws IOException {
        PrintWriter log = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            if (feedback != null) {
                return new FeedbackTrainingRun(feedback, prompts, current, out, successBar, seed, rule).run(log);
            }
            return recalibrate ? recalibrate(log) : train(log);
        } catch (IllegalArgumentException e) {
            err.println("train-router: " + e.getMessage());
            return 2;
        }
    }

    private int train(PrintWriter log) throws IOException {
        if (data == null || out == null) throw new IllegalArgumentException("--data and --out are required to train");
        RoutingTable table = RoutingTable.read(data);
        String w = weak != null ? weak : table.defaultWeak();
        String s = strong != null ? strong : table.mostAccurate();
        var examples = table.pair(w, s);
        log.printf(Locale.ROOT, "%d prompts from %d file(s); weak %s (%.3f), strong %s (%.3f)%n", examples.size(),
                table.files().size(), w, table.accuracy(w), s, table.accuracy(s));
        var suspects = LabelAudit.audit(examples, w, s);
        for (var suspect : suspects) {
            log.println((keepSuspectGroups ? "kept despite suspect labels: " : "left out: ") + suspect.why());
        }
        if (!suspects.isEmpty() && !keepSuspectGroups) {
            examples = LabelAudit.without(examples, suspects);
            log.println("  (--keep-suspect-groups trains on them anyway)");
        }
        LabelledPrompts corpus;
        try (var embedder = MiniLmEmbedder.open()) {
            corpus = LabelledPrompts.embed(examples, embedder, EMBEDDER, cache, log);
        }
        var files = table.files().stream().map(p -> p.getFileName().toString()).toList();
        var sources = new ArrayList<>(files.size() > 8
                ? List.of(data.getFileName() + "/ (" + files.size() + " CSV files)") : files);
        if (!keepSuspectGroups) {
            suspects.stream().map(LabelAudit.Suspect::group).distinct()
                    .forEach(g -> sources.add("left out: " + g + " (labels below guessing)"));
        }
        DifficultyModel trained = corpus.train(new DifficultyTrainer.Provenance(sources,
                w, s, EMBEDDER), seed, validation(validate));
        trained.save(out);
        var t = trained.training();
        log.printf(Locale.ROOT, "trained on %d rows (%d for validation)%n", t.trainingRows(), t.validationRows());
        for (var head : t.fits()) {
            log.printf(Locale.ROOT, "  %s head: L2 %.0e, %d L-BFGS iterations, validation log-loss %.4f%n", head.head(),
                    head.l2(), head.iterations(), head.validationLogLoss());
        }
        log.println(t.blend());
        log.printf(Locale.ROOT, "threshold for 20%% / 50%% strong calls: %.4f / %.4f; wrote %s%n",
                trained.thresholdForStrongShare(0.2), trained.thresholdForStrongShare(0.5), out);
        return 0;
    }

    /** Parses {@code groups} / {@code prompts}; IllegalArgumentException names the flag otherwise. */
    public static DifficultyTrainer.Validation validation(String value) {
        return switch (value == null ? "" : value.toLowerCase(Locale.ROOT)) {
            case "groups" -> DifficultyTrainer.Validation.GROUPS;
            case "prompts" -> DifficultyTrainer.Validation.PROMPTS;
            default -> throw new IllegalArgumentException("--validate: expected 'groups' or 'prompts', was '" + value + "'");
        };
    }

    private int recalibrate(PrintWriter log) throws IOException {
        if (traffic == null || model == null) throw new IllegalArgumentException("--recalibrate needs --traffic and --model");
        DifficultyModel existing = "builtin".equals(model) ? DifficultyModel.builtin() : DifficultyModel.load(Path.of(model));
        Path target = out != null ? out : "builtin".equals(model) ? null : Path.of(model);
        if (target == null) throw new IllegalArgumentException("--out is required when recalibrating the builtin model");
        var prompts = TrafficFile.read(traffic);
        double[] scores = new double[prompts.size()];
        int unfamiliar = 0;
        try (var embedder = MiniLmEmbedder.open()) {
            for (int i = 0; i < scores.length; i++) {
                var assessed = existing.assess(prompts.get(i), embedder.embed(prompts.get(i)));
                scores[i] = assessed.score();
                if (assessed.unfamiliar() != null) unfamiliar++;
            }
        }
        if (unfamiliar > 0) {
            log.printf(Locale.ROOT, "%d of %d prompts (%.0f%%) are unlike this model's training data: they get difficulty 0.5 "
                    + "whatever the calibration; train on labelled prompts of your own traffic (train-router --data) to judge "
                    + "them%n", unfamiliar, scores.length, 100.0 * unfamiliar / scores.length);
        }
        DifficultyModel updated = existing.recalibrated(Calibration.of(scores,
                "recalibrated on " + traffic.getFileName() + " (" + prompts.size() + " prompts)"));
        updated.save(target);
        log.printf(Locale.ROOT, "recalibrated on %d prompts: threshold for 20%% / 50%% strong calls %.4f / %.4f; wrote %s%n",
                prompts.size(), updated.thresholdForStrongShare(0.2), updated.thresholdForStrongShare(0.5), target);
        return 0;
    }
}
