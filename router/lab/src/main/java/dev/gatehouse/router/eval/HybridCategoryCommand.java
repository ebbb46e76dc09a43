package dev.gatehouse.router.eval;

import dev.gatehouse.router.features.TaskClassifier.EmbeddedExample;
import dev.gatehouse.router.features.TextEmbedder;
import dev.gatehouse.router.policy.PolicyReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code gatehouse eval category-hybrid}: category accuracy when a static table decides alone above a margin and
 * MiniLM decides below it ({@link HybridCategorySweep}), for a range of margins, with the share of prompts that
 * still ran MiniLM (its latency is then the tail of the request path).
 */
@Command(name = "category-hybrid", description = "Category accuracy of a static table backed by MiniLM below a margin, per margin.")
public final class HybridCategoryCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    CategoryDataOptions data;

    @Option(names = "--embedder", required = true, description = "The static table (from distill-static) that decides when its margin is clear.")
    String table;

    @Option(names = "--margins", split = ",", defaultValue = "0,0.01,0.02,0.03,0.04,0.05,0.06,0.08,0.10,0.15,2", description = "Margins to sweep (default ${DEFAULT-VALUE}; 2 = MiniLM always).")
    double[] margins;

    @Option(names = "--folds", defaultValue = "5", description = "Folds of the cross-validation (default ${DEFAULT-VALUE}).")
    int folds;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        CategoryDataset dataset = data.read(spec.commandLine().getErr(), "eval category-hybrid");
        if (dataset == null) return 2;
        Map<String, List<String>> examples = PolicyReader.defaults().categories();
        HybridCategorySweep sweep;
        try (var cheap = EmbedderChoice.open(table); var miniLm = EmbedderChoice.open(EmbedderChoice.MINILM)) {
            var prior = new HybridCategorySweep.Pair(embed(examples, cheap.embedder()), embed(examples, miniLm.embedder()));
            var rows = new HybridCategorySweep.Pair(embed(dataset, cheap.embedder()), embed(dataset, miniLm.embedder()));
            sweep = new HybridCategorySweep(prior, rows);
            out.printf("%s decides when its margin >= the threshold, %s otherwise; %d prompts of %s%n", cheap.name(),
                    miniLm.name(), sweep.prompts(), data.files());
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("eval category-hybrid: " + e.getMessage());
            return 2;
        }
        var prior = sweep.prior(margins);
        var cv = sweep.crossValidation(margins, folds);
        out.println("| margin | prior accuracy | MiniLM runs (prior) | crossValidation accuracy | MiniLM runs (cv) |");
        out.println("|---|---|---|---|---|");
        for (int t = 0; t < margins.length; t++) {
            var p = prior.get(t);
            String cvCells = cv.isEmpty() ? " | " : String.format(Locale.ROOT, "%.1f%% | %.1f%%", cv.get(t).accuracy(), cv.get(t).miniLmShare());
            out.printf(Locale.ROOT, "| %.2f | %.1f%% | %.1f%% | %s |%n", margins[t], p.accuracy(), p.miniLmShare(), cvCells);
        }
        return 0;
    }

    private static List<EmbeddedExample> embed(Map<String, List<String>> examples, TextEmbedder embedder) {
        List<EmbeddedExample> out = new ArrayList<>();
        examples.forEach((category, texts) -> texts.forEach(t -> out.add(new EmbeddedExample(category, t, embedder.embed(t)))));
        return out;
    }

    private static List<EmbeddedExample> embed(CategoryDataset dataset, TextEmbedder embedder) {
        List<EmbeddedExample> out = new ArrayList<>();
        for (var row : dataset.rows()) out.add(new EmbeddedExample(row.category(), row.prompt(), embedder.embed(row.prompt())));
        return out;
    }
}
