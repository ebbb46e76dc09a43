package dev.gatehouse.router.eval;

import dev.gatehouse.router.bench.BenchmarksFile;
import dev.gatehouse.router.features.TaskClassifier;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** {@code eval category} as text, as JSON and as the {@code bench:category} section of docs/BENCHMARKS.md. */
record CategoryEvalReport(List<Path> data, Map<String, String> rename, CategoryEvaluation evaluation,
        Map<TaskClassifier.Method, List<CategoryEvaluation.Protocol>> results, double embedSeconds,
        Map<TaskClassifier.Method, Double> classifyMicros) {

    String asText() {
        StringBuilder s = new StringBuilder();
        s.append("eval category: ").append(evaluation.prompts()).append(" prompts, sources ")
                .append(evaluation.sources());
        if (evaluation.excluded() > 0) {
            s.append(" (").append(evaluation.excluded()).append(" left out: equal to a policy example)");
        }
        s.append(String.format("; embedded in %.1f s%n", embedSeconds));
        results.forEach((method, protocols) -> {
            s.append("\nmethod ").append(method.name().toLowerCase()).append(method == TaskClassifier.DEFAULT_METHOD
                    ? " (the default)" : "").append(String.format(", %.1f µs per prompt after the embedding%n",
                    classifyMicros.get(method)));
            for (var p : protocols) {
                CategoryScores sc = p.scores();
                s.append(String.format("  %s: accuracy %.1f%% of %d, macro F1 %.3f - %s%n", p.name(),
                        100 * sc.accuracy(), sc.total(), sc.macroF1(), p.description()));
                s.append(String.format("    %-16s %7s %9s %9s %6s %6s%n", "category", "support", "predicted",
                        "precision", "recall", "F1"));
                for (var c : sc.perCategory()) {
                    s.append(String.format("    %-16s %7d %9d %9.3f %6.3f %6.3f%n", c.category(), c.support(),
                            c.predicted(), c.precision(), c.recall(), c.f1()));
                }
                s.append("    most confused: ").append(confusions(sc)).append('\n');
            }
        });
        return s.toString();
    }

    Map<String, Object> asJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("data", data.stream().map(Path::toString).toList());
        json.put("map", rename);
        json.put("prompts", evaluation.prompts());
        json.put("sources", evaluation.sources());
        json.put("excludedAsPolicyExamples", evaluation.excluded());
        json.put("defaultMethod", TaskClassifier.DEFAULT_METHOD.name().toLowerCase());
        Map<String, Object> methods = new LinkedHashMap<>();
        results.forEach((method, protocols) -> {
            Map<String, Object> m = new LinkedHashMap<>();
            for (var p : protocols) {
                Map<String, Object> one = new LinkedHashMap<>();
                one.put("description", p.description());
                one.putAll(p.scores().asJson());
                m.put(p.name(), one);
            }
            m.put("classifyMicros", CategoryScores.round(classifyMicros.get(method)));
            methods.put(method.name().toLowerCase(), m);
        });
        json.put("methods", methods);
        return json;
    }

    void writeInto(Path file) throws IOException {
        StringBuilder md = new StringBuilder();
        md.append("## Task category: per-category precision and recall on prompts not fitted on\n\n");
        md.append("Command: `./gatehouse eval category ").append(data.stream().map(p -> "--data " + p)
                .collect(Collectors.joining(" ")));
        rename.forEach((k, v) -> md.append(" --map ").append(k).append('=').append(v));
        md.append(" --write-benchmarks docs/BENCHMARKS.md`\n\n");
        md.append(evaluation.prompts()).append(" prompts, sources ").append(evaluation.sources())
                .append(". Never scored by a classifier fitted on them.\n\n");
        md.append("| method | protocol | accuracy | macro F1 | per category P / R | most confused |\n");
        md.append("|---|---|---|---|---|---|\n");
        results.forEach((method, protocols) -> {
            for (var p : protocols) {
                CategoryScores sc = p.scores();
                String per = sc.perCategory().stream().filter(c -> c.support() > 0)
                        .map(c -> String.format("%s %.2f / %.2f", c.category(), c.precision(), c.recall()))
                        .collect(Collectors.joining("; "));
                String stray = sc.perCategory().stream().filter(c -> c.support() == 0 && c.predicted() > 0)
                        .map(c -> c.category() + " " + c.predicted()).collect(Collectors.joining(", "));
                if (!stray.isEmpty()) per += "; wrongly predicted as categories the data lacks: " + stray;
                md.append(String.format("| %s | %s | %.1f%% | %.3f | %s | %s |%n", method.name().toLowerCase(),
                        p.name(), 100 * sc.accuracy(), sc.macroF1(), per, confusions(sc)));
            }
        });
        md.append("\nClassifying one prompt once its embedding is known (the request path's only added cost): ");
        classifyMicros.forEach((m, us) -> md.append(String.format("%s %.1f µs; ", m.name().toLowerCase(), us)));
        md.append("the MiniLM embedding itself is in the decision latency section.\n");
        md.append("\nProtocols: ");
        results.values().stream().findFirst().ifPresent(ps -> ps.forEach(p -> md.append("`").append(p.name())
                .append("` = ").append(p.description()).append(". ")));
        md.append('\n');
        BenchmarksFile.writeSection(file, "category", md.toString());
    }

    private static String confusions(CategoryScores sc) {
        var list = sc.confusions(4);
        return list.isEmpty() ? "none" : list.stream().map(c -> c.expected() + "->" + c.predicted() + " " + c.count())
                .collect(Collectors.joining(", "));
    }
}
