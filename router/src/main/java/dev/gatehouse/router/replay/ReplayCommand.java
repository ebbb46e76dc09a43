package dev.gatehouse.router.replay;

import dev.gatehouse.router.policy.Policy;
import dev.gatehouse.router.policy.PolicyReader;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code gatehouse replay --log DIR --policy NEW.yaml [--baseline OLD.yaml] [--json]}: how the logged requests would
 * have been routed under another policy. The log keeps no prompt text, so the replay re-decides from the logged
 * features and capacity snapshots.
 */
@Command(name = "replay", description = "Re-decide logged requests under a candidate policy and show what changes.")
public final class ReplayCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--log", paramLabel = "DIR", description = "Decision log folder (default: ${DEFAULT-VALUE}).",
            defaultValue = "logs")
    Path dir;

    @Option(names = "--policy", paramLabel = "FILE", required = true, description = "The candidate policy.")
    Path policy;

    @Option(names = "--baseline", paramLabel = "FILE",
            description = "The policy the log was decided under, for which rules fired (default: ./policy.yaml when present, else the built-in defaults).")
    Path baseline;

    @Option(names = "--json", description = "Print JSON (keys requests, changed, byTarget, ...).")
    boolean json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!Files.isDirectory(dir)) {
            err.println("replay: no decision log folder " + dir.toAbsolutePath() + " (pass --log DIR)");
            return 1;
        }
        Policy candidate;
        Policy logged;
        try {
            candidate = PolicyReader.read(policy);
            Path base = baseline != null ? baseline : Files.isRegularFile(Path.of("policy.yaml")) ? Path.of("policy.yaml") : null;
            logged = base == null ? PolicyReader.defaults() : PolicyReader.read(base);
        } catch (RuntimeException e) {
            err.println("replay: " + e.getMessage());
            return 1;
        }
        DecisionLogLines.Read read = DecisionLogLines.read(dir);
        ReplayReport report = Replay.run(read.decisions(), candidate, logged, read.unreadable());
        out.print(json ? report.json().toPrettyString() + "\n" : report.text());
        out.flush();
        return 0;
    }
}
