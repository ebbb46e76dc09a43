package dev.gatehouse.router.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.gatehouse.manifest.ConfigException;
import dev.gatehouse.router.policy.PolicyReader;
import dev.gatehouse.router.policy.PrivacyRules;
import dev.gatehouse.router.privacy.DataClass;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code gatehouse eval leak}: replays a Presidio-format file through a real server against a recording provider
 * approved for {@code --classes}, and reports the sentences whose labelled values reached it, by type.
 */
@Command(name = "leak", description = "Replay a Presidio-format file through a real server towards a recording cloud "
        + "provider and report the sentences whose labelled values reached it.")
public final class LeakEvalCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--data", required = true, description = "Presidio-format JSON: [{full_text, spans: [{entity_type, start_position, end_position}]}].")
    Path data;

    @Option(names = "--classes", split = ",", defaultValue = "public,internal",
            description = "Data classes the provider is approved for (default ${DEFAULT-VALUE}; restricted never leaves).")
    List<String> classes;

    @Option(names = "--policy", description = "Take the privacy section (classes, patterns, terms, egress) of this policy file; default: the shipped one.")
    Path policy;

    @Option(names = "--json", description = "Print the figures as JSON (key leakedSentences).")
    boolean json;

    @Option(names = "--write-benchmarks", description = "Also write the <!-- bench:leak-eval-CLASSES --> section of this Markdown file (e.g. docs/BENCHMARKS.md).")
    Path benchmarks;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Set<DataClass> approved = EnumSet.noneOf(DataClass.class);
        for (String name : classes) {
            var c = DataClass.fromWireName(name).filter(x -> x != DataClass.RESTRICTED);
            if (c.isEmpty()) {
                String shown = name.length() > 40 ? name.substring(0, 40) + "…" : name;
                err.println("eval leak: --classes: '" + shown + "' is not one of public, internal, confidential");
                return 2;
            }
            approved.add(c.get());
        }
        if (!Files.isRegularFile(data)) {
            err.println("eval leak: no such file: " + data);
            return 2;
        }
        PrivacyRules privacy = null;
        if (policy != null) {
            try {
                privacy = PolicyReader.read(policy).privacy();
            } catch (ConfigException e) {
                err.println("eval leak: " + e.getMessage());
                return 2;
            }
        }
        PiiDataset dataset;
        try {
            dataset = PiiDataset.read(data);
        } catch (IOException e) {
            err.println("eval leak: cannot read " + data + ": " + e.getMessage());
            return 2;
        }
        // one request log line per sentence would bury the report: the replay's server logs warnings only
        java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
        LeakReplay.Result result = LeakReplay.run(dataset, approved, privacy);
        var report = new LeakEvalReport(data, approved, policy, result);
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
