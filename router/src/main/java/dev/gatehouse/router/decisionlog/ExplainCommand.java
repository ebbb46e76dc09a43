package dev.gatehouse.router.decisionlog;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code gatehouse explain <decision-id> [--log DIR]}: a logged routing decision in plain words. */
@Command(name = "explain", description = "Explain a routing decision from the decision log.")
public final class ExplainCommand implements Callable<Integer> {

    /** Where {@code serve} writes the decision log unless configured otherwise. */
    public static final Path DEFAULT_DIR = Path.of("logs");

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DECISION-ID",
            description = "The id from the x-gatehouse-decision-id header or /v1/route.")
    String id;

    @Option(names = "--log", paramLabel = "DIR", description = "Decision log folder (default: ${DEFAULT-VALUE}).",
            defaultValue = "logs")
    Path dir;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!Files.isDirectory(dir)) {
            err.println("explain: no decision log folder " + dir.toAbsolutePath() + " (pass --log DIR)");
            return 1;
        }
        var line = DecisionLog.find(dir, id);
        if (line.isEmpty()) {
            err.println("explain: no decision " + id + " in " + dir.toAbsolutePath());
            return 1;
        }
        out.print(DecisionExplainer.explain(line.get()));
        out.flush();
        return 0;
    }
}
