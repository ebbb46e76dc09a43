package dev.gatehouse.router.distill;

import dev.gatehouse.router.difficulty.EmbeddingCache;
import dev.gatehouse.router.features.MiniLmEmbedder;
import dev.gatehouse.router.features.PieceWindow;
import dev.gatehouse.router.features.StaticTable;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
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
 * {@code gatehouse distill-static}: a static word-piece table for routing, distilled from the shipped MiniLM on a
 * corpus of texts ({@link StaticDistillation}); prints how close it comes to MiniLM on texts of the corpus it was
 * not fitted on, and writes the table for {@code --embedder} of the evaluations.
 */
@Command(name = "distill-static", description = "Distil a static word-piece embedding table from MiniLM on a corpus of texts.")
public final class DistillStaticCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--corpus", required = true, description = "Texts to distil on: JSON lines / JSON array ({prompt|text|full_text}) or routing CSVs; repeat. Keep the data you evaluate on out.")
    List<Path> corpus;

    @Option(names = "--out", required = true, description = "Where to write the table.")
    Path out;

    @Option(names = "--name", defaultValue = StaticDistillation.DEFAULT_NAME, description = "The table's name, carried by every vector it makes (default ${DEFAULT-VALUE}).")
    String name;

    @Option(names = "--ridge", split = ",", defaultValue = "1e-4", description = "λ of the per-piece corrections; several (comma-separated) are each fitted and the best on the held-out texts kept (default ${DEFAULT-VALUE}).")
    List<Double> ridges;

    @Option(names = "--iterations", defaultValue = "30", description = "Conjugate-gradient steps of the per-piece corrections; 0 keeps the affine map only (default ${DEFAULT-VALUE}).")
    int iterations;

    @Option(names = "--sif", defaultValue = "1e-3", description = "a of the initial rows' weight a / (a + frequency); 0 for none (default ${DEFAULT-VALUE}).")
    double sif;

    @Option(names = "--synthetic", defaultValue = "0", description = "Also distil on this many texts of random vocabulary words (SyntheticTexts; default ${DEFAULT-VALUE}).")
    int synthetic;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the synthetic texts (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--embedding-cache", defaultValue = "target/embedding-cache", description = "MiniLM embedding cache directory (default ${DEFAULT-VALUE}).")
    Path cache;

    @Override
    public Integer call() throws IOException {
        PrintWriter log = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        for (Path source : corpus) {
            if (!Files.exists(source)) {
                err.println("distill-static: --corpus: no such file or directory: " + source);
                return 2;
            }
        }
        if (synthetic < 0 || iterations < 0 || sif < 0 || ridges.stream().anyMatch(r -> !(r > 0))) {
            err.println("distill-static: --synthetic, --iterations and --sif must be >= 0 and every --ridge > 0; were " + synthetic + ", " + iterations + ", " + sif + ", " + ridges);
            return 2;
        }
        DistillationCorpus texts;
        try {
            texts = DistillationCorpus.read(corpus);
        } catch (IllegalArgumentException | IOException e) {
            err.println("distill-static: " + e.getMessage());
            return 2;
        }
        PieceVocabulary vocabulary = PieceVocabulary.miniLm();
        if (synthetic > 0) {
            List<String> all = new ArrayList<>(texts.texts());
            all.addAll(SyntheticTexts.of(vocabulary, synthetic, seed));
            texts = new DistillationCorpus(all);
        }
        log.printf("corpus: %d distinct texts from %s, %d of them synthetic%n", texts.texts().size(), corpus, synthetic);
        float[][] targets;
        float[][] pieceVectors = new float[vocabulary.size()][];
        List<long[]> ids = new ArrayList<>();
        try (var teacher = MiniLmEmbedder.open(); var window = PieceWindow.miniLm()) {
            var embeddings = EmbeddingCache.open(cache, MiniLmEmbedder.NAME, teacher.dimensions());
            targets = embeddings.embedAll(texts.texts(), teacher, log);
            List<Integer> embeddable = new ArrayList<>();
            for (int id = 0; id < vocabulary.size(); id++) {
                if (!vocabulary.special(id) && !vocabulary.alone(id).isEmpty()) embeddable.add(id);
            }
            log.printf("embedding %d word pieces alone (the initial rows)%n", embeddable.size());
            log.flush();
            float[][] alone = embeddings.embedAll(embeddable.stream().map(vocabulary::alone).toList(), teacher, log);
            for (int k = 0; k < alone.length; k++) pieceVectors[embeddable.get(k)] = alone[k];
            for (String text : texts.texts()) ids.add(window.ids(text));
        }
        var settings = new StaticDistillation.Settings(name, ridges, iterations, sif);
        var result = StaticDistillation.run(texts.texts(), ids, targets, pieceVectors, settings, line -> {
            log.println(line);
            log.flush();
        });
        result.table().write(out);
        log.printf(Locale.ROOT, "wrote %s (%s, %d x %d)%n", out.toAbsolutePath(), result.table().name(),
                result.table().rows(), result.table().dimensions());
        return 0;
    }
}
