package dev.gatehouse.router.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.gatehouse.router.privacy.SensitiveDataScanner;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code gatehouse eval pii}: scores the privacy scanner on a Presidio-format file, for the whole file, its first
 * {@code --holdout-from} sentences (where the detectors were developed) and the rest (never looked at while tuning).
 */
@Command(name = "pii", description = "Score the privacy scanner on a Presidio-format JSON file (sentence and span level).")
public final class PiiEvalCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--data", required = true, description = "Presidio-format JSON: [{full_text, spans: [{entity_type, start_position, end_position}]}].")
    Path data;

    @Option(names = "--json", description = "Print the figures as JSON.")
    boolean json;

    @Option(names = "--holdout-from", defaultValue = "1000", description = "Index of the first held-out sentence (default ${DEFAULT-VALUE}).")
    int holdoutFrom;

    @Option(names = "--write-benchmarks", description = "Also write the <!-- bench:pii --> section of this Markdown file (e.g. docs/BENCHMARKS.md).")
    Path benchmarks;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!java.nio.file.Files.isRegularFile(data)) {
            err.println("eval pii: no such file: " + data);
            return 2;
        }
        PiiDataset dataset;
        try {
            dataset = PiiDataset.read(data);
        } catch (IOException e) {
            err.println("eval pii: cannot read " + data + ": " + e.getMessage());
            return 2;
        }
        var scanner = new SensitiveDataScanner();
        PiiScanTiming.warmUp(scanner, dataset);
        Map<String, PiiEvaluation.Result> parts = new LinkedHashMap<>();
        parts.put("whole", PiiEvaluation.run(scanner, dataset));
        if (holdoutFrom > 0 && holdoutFrom < dataset.sentences().size()) {
            parts.put("development", PiiEvaluation.run(scanner, dataset.slice(0, holdoutFrom)));
            parts.put("heldOut", PiiEvaluation.run(scanner, dataset.slice(holdoutFrom, dataset.sentences().size())));
        }
        PiiScanTiming timing = PiiScanTiming.measure(scanner, dataset, parts.get("whole").scanNanos());
        var report = new PiiEvalReport(data, holdoutFrom, parts, timing);
        if (json) {
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(report.asJson()));
        } else {
            out.print(report.asText());
        }
        if (benchmarks != null) {
            report.writeInto(benchmarks);
            (json ? err : out).println("wrote " + benchmarks.toAbsolutePath());
        }
        return 0;
    }
}
