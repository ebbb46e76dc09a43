package dev.gatehouse.router.eval;

import dev.gatehouse.router.difficulty.DifficultyModel;
import dev.gatehouse.router.difficulty.DifficultyScorer;
import dev.gatehouse.router.difficulty.DifficultyTrainer;
import dev.gatehouse.router.difficulty.LabelAudit;
import dev.gatehouse.router.difficulty.LabelledPrompts;
import dev.gatehouse.router.difficulty.RoutingTable;
import dev.gatehouse.router.difficulty.TrainRouterCommand;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code gatehouse eval routing}: trains the difficulty model on one part of the data (or on {@code --train}),
 * replays the other part through the real embedder and scorer, and prints the cost–quality curve beside random,
 * length and oracle routing.
 */
@Command(name = "routing", description = "Cost–quality curve of difficulty routing on labelled prompts the router never saw.")
public final class RoutingEvalCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--data", required = true, description = "Labelled CSV or directory to evaluate on.")
    Path data;

    @Option(names = "--train", description = "Labelled CSV or directory to train on (default: a split of --data, see --split).")
    Path train;

    @Option(names = "--split", defaultValue = "prompts",
            description = "Without --train: 'prompts' (half of the prompts, held out), 'groups' (every 2nd subject/benchmark "
                    + "by name, held out: topics never trained on) or 'random-groups' (a random half of the groups, drawn "
                    + "with --seed). Default ${DEFAULT-VALUE}.")
    String split;

    @Option(names = "--validate", description = "With --train: train-router's --validate (default groups: the test data is "
            + "another benchmark).")
    String validate;

    @Option(names = "--model", description = "Evaluate this artifact ('builtin' for the shipped one) instead of training.")
    String model;

    @Option(names = "--weak", description = "Weak model column of --data (default: the cheapest, else the least accurate).")
    String weak;

    @Option(names = "--strong", description = "Strong model column of --data (default: the most accurate).")
    String strong;

    @Option(names = "--train-weak", description = "Weak model column of --train (default as --weak).")
    String trainWeak;

    @Option(names = "--train-strong", description = "Strong model column of --train (default as --strong).")
    String trainStrong;

    @Option(names = "--weak-price", defaultValue = "0.24", description = "USD per 1M tokens, weak model, when the data has no costs (default ${DEFAULT-VALUE}).")
    double weakPrice;

    @Option(names = "--strong-price", defaultValue = "24.7", description = "USD per 1M tokens, strong model (default ${DEFAULT-VALUE}).")
    double strongPrice;

    @Option(names = "--seed", defaultValue = "1", description = "Training seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--embedding-cache", defaultValue = "target/embedding-cache", description = "Embedding cache directory (default ${DEFAULT-VALUE}).")
    Path cache;

    @Option(names = "--embedder", defaultValue = EmbedderChoice.MINILM, description = "The routing embedder the model is trained and evaluated on: 'minilm', 'minilm-N' (the first N word pieces only) or a static table from distill-static (default ${DEFAULT-VALUE}).")
    String embedder;

    @Option(names = "--json", description = "Print JSON: apgr, cpt50, cpt80, savingsAt95, curve, baselines.")
    boolean json;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        try {
            var setup = new Setup(data, train, split, validate, model, weak, strong, trainWeak, trainStrong, weakPrice,
                    strongPrice, seed, cache, embedder);
            PrintWriter log = json ? new PrintWriter(new StringWriter()) : out;
            Outcome outcome = setup.run(log);
            out.println(json ? RoutingResultFormat.json(outcome.result(), outcome.description()).toPrettyString()
                    : RoutingResultFormat.text(outcome.result(), outcome.description()));
            return 0;
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("eval routing: " + e.getMessage());
            return 2;
        }
    }

    record Outcome(RoutingEvaluation.Result result, String description) {}

    /** One evaluation, as options; shared with {@code eval routing-bench}. */
    record Setup(Path data, Path train, String split, String validate, String model, String weak, String strong,
            String trainWeak, String trainStrong, double weakPrice, double strongPrice, long seed, Path cache,
            String embedder) {

        Setup withSeed(long other) {
            return new Setup(data, train, split, validate, model, weak, strong, trainWeak, trainStrong, weakPrice, strongPrice,
                    other, cache, embedder);
        }

        Outcome run(PrintWriter log) throws IOException {
            RoutingTable testTable = RoutingTable.read(data);
            String w = weak != null ? weak : testTable.defaultWeak();
            String s = strong != null ? strong : testTable.mostAccurate();
            try (var choice = EmbedderChoice.open(this.embedder)) {
                var embedder = choice.embedder();
                LabelledPrompts all = LabelledPrompts.embed(testTable.pair(w, s), embedder, choice.name(), cache, log);
                LabelledPrompts test = all;
                DifficultyScorer scorer;
                String description;
                if (model != null) {
                    DifficultyModel loaded = "builtin".equals(model) ? DifficultyModel.builtin() : DifficultyModel.load(Path.of(model));
                    if (!loaded.embedderName().equals(choice.name())) {
                        throw new IllegalArgumentException("--model " + model + " was trained on " + loaded.embedderName()
                                + " vectors, --embedder gives " + choice.name() + " ones; pass the matching --embedder");
                    }
                    scorer = loaded;
                    description = "model " + model + " evaluated on all of " + data;
                } else if (train != null) {
                    RoutingTable trainTable = RoutingTable.read(train);
                    String tw = trainWeak != null ? trainWeak : weak != null && trainTable.models().contains(weak) ? weak : trainTable.defaultWeak();
                    String ts = trainStrong != null ? trainStrong : strong != null && trainTable.models().contains(strong) ? strong : trainTable.mostAccurate();
                    LabelledPrompts trainSet = LabelledPrompts.embed(trainTable.pair(tw, ts), embedder, choice.name(), cache, log);
                    scorer = trainSet.train(provenance(trainTable, tw, ts, choice.name()), seed,
                            TrainRouterCommand.validation(validate == null ? "groups" : validate));
                    description = "trained on " + train + " (" + trainSet.examples().size() + " prompts, " + tw + " vs " + ts
                            + "), evaluated on " + data;
                } else {
                    var parts = RoutingSplit.of(all, split, seed);
                    // Validate the way the test is held out: unseen prompts of known topics, or unseen topics.
                    var validation = validate != null ? TrainRouterCommand.validation(validate)
                            : "prompts".equals(split) ? DifficultyTrainer.Validation.PROMPTS : DifficultyTrainer.Validation.GROUPS;
                    scorer = parts.train().train(provenance(testTable, w, s, choice.name()), seed, validation);
                    test = parts.test();
                    description = "data " + data + ", " + parts.description();
                }
                var prices = new RoutingEvaluation.Prices(weakPrice, strongPrice);
                if (model == null && scorer instanceof DifficultyModel trained) description += "; " + trained.training().blend();
                // Evaluated as given (the data is the data), but named: one such group can swing a whole interval.
                for (var suspect : LabelAudit.audit(test.examples(), w, s)) description += "; suspect labels: " + suspect.why();
                return new Outcome(RoutingEvaluation.run(test.examples(), test.embeddings(), scorer, prices, w, s), description);
            }
        }

        private static DifficultyTrainer.Provenance provenance(RoutingTable table, String weak, String strong,
                String embedderName) {
            List<String> sources = table.files().stream().map(p -> p.getFileName().toString()).toList();
            return new DifficultyTrainer.Provenance(sources, weak, strong, embedderName);
        }
    }
}
