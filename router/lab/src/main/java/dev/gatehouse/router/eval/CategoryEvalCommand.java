package dev.gatehouse.router.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.gatehouse.manifest.ConfigException;
import dev.gatehouse.router.features.TaskClassifier;
import dev.gatehouse.router.features.TaskClassifier.EmbeddedExample;
import dev.gatehouse.router.policy.Policy;
import dev.gatehouse.router.policy.PolicyReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code gatehouse eval category}: per-category precision, recall and F1 of the task classifier on labelled prompts
 * it was not fitted on ({@link CategoryEvaluation}), for each scoring method.
 */
@Command(name = "category", description = "Score the task classifier on labelled prompts (JSON lines) it was not fitted on.")
public final class CategoryEvalCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    CategoryDataOptions data;

    @Option(names = "--policy", description = "Policy whose categories and example files are the prior (default: the built-in policy).")
    Path policy;

    @Option(names = "--folds", defaultValue = "5", description = "Folds of the cross-validation (default ${DEFAULT-VALUE}; 0 skips it).")
    int folds;

    @Option(names = "--embedder", defaultValue = EmbedderChoice.MINILM, description = "The routing embedder: 'minilm', 'minilm-N' (the first N word pieces only) or a static table from distill-static (default ${DEFAULT-VALUE}).")
    String embedderOption;

    @Option(names = "--json", description = "Print the figures as JSON.")
    boolean json;

    @Option(names = "--write-benchmarks", description = "Also write the <!-- bench:category --> section of this Markdown file (e.g. docs/BENCHMARKS.md).")
    Path benchmarks;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        CategoryDataset dataset = data.read(err, "eval category");
        if (dataset == null) return 2;
        Policy prior;
        try {
            prior = policy == null ? PolicyReader.defaults() : PolicyReader.read(policy);
        } catch (ConfigException e) {
            err.println("eval category: " + e.getMessage());
            return 2;
        }
        long started = System.nanoTime();
        List<EmbeddedExample> examples = new ArrayList<>();
        List<EmbeddedExample> rows = new ArrayList<>();
        List<String> sources = new ArrayList<>();
        if (benchmarks != null && !EmbedderChoice.MINILM.equals(embedderOption)) {
            // the section records what routing ships with; other embedders' figures are written up by hand, named
            err.println("eval category: --write-benchmarks records the routing embedder (minilm); --embedder was " + embedderOption);
            return 2;
        }
        EmbedderChoice choice;
        try {
            choice = EmbedderChoice.open(embedderOption);
        } catch (IllegalArgumentException e) {
            err.println("eval category: " + e.getMessage());
            return 2;
        }
        try (choice) {
            var embedder = choice.embedder();
            prior.categories().forEach((category, texts) -> texts.forEach(
                    t -> examples.add(new EmbeddedExample(category, t, embedder.embed(t)))));
            for (CategoryDataset.Row row : dataset.rows()) {
                rows.add(new EmbeddedExample(row.category(), row.prompt(), embedder.embed(row.prompt())));
                sources.add(row.source());
            }
        }
        double embedSeconds = (System.nanoTime() - started) / 1e9;
        var evaluation = new CategoryEvaluation(examples, rows, sources);
        Map<TaskClassifier.Method, List<CategoryEvaluation.Protocol>> results = new LinkedHashMap<>();
        results.put(TaskClassifier.DEFAULT_METHOD, evaluation.run(TaskClassifier.DEFAULT_METHOD, folds));
        for (TaskClassifier.Method m : TaskClassifier.Method.values()) {
            if (m != TaskClassifier.DEFAULT_METHOD) results.put(m, evaluation.run(m, folds));
        }
        Map<TaskClassifier.Method, Double> micros = new LinkedHashMap<>();
        for (TaskClassifier.Method m : results.keySet()) micros.put(m, evaluation.classifyMicros(m, 3));
        var report = new CategoryEvalReport(data.files(), data.rename, evaluation, results, embedSeconds, micros);
        if (json) {
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(report.asJson()));
        } else {
            if (!EmbedderChoice.MINILM.equals(embedderOption)) out.println("embedder: " + embedderOption);
            out.print(report.asText());
        }
        if (benchmarks != null) {
            report.writeInto(benchmarks);
            (json ? err : out).println("wrote " + benchmarks.toAbsolutePath());
        }
        return 0;
    }
}
