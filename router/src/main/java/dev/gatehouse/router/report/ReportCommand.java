package dev.gatehouse.router.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.router.decisionlog.DecisionLogFiles;
import dev.gatehouse.router.feedback.FeedbackLog;
import dev.gatehouse.router.policy.Policy;
import dev.gatehouse.router.policy.PolicyReader;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code gatehouse report cost}: spend, outcomes and savings from the decision log and feedback. */
@Command(name = "report", description = "Reports from the decision log.", subcommands = ReportCommand.Cost.class)
public final class ReportCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }

    @Command(name = "cost", description = "Spend, requests, tokens, escalations, feedback-weighted success, cost per successful outcome and savings against the strongest target.")
    static final class Cost implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--log", paramLabel = "DIR", defaultValue = "logs", description = "Decision log folder (default: ${DEFAULT-VALUE}).")
        Path dir;

        @Option(names = "--from", paramLabel = "DATE", description = "First day (YYYY-MM-DD, UTC) or instant; default: the log's start.")
        String from;

        @Option(names = "--to", paramLabel = "DATE", description = "Last day (YYYY-MM-DD, UTC, included) or instant (excluded); default: now.")
        String to;

        @Option(names = "--by", defaultValue = "target", description = "tenant, target, category or route (default: ${DEFAULT-VALUE}).")
        String by;

        @Option(names = "--policy", paramLabel = "FILE", description = "Policy for target prices and locality (default: ./policy.yaml when present, else the built-in defaults).")
        Path policy;

        @Option(names = "--json", description = "Print JSON.")
        boolean json;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            CostReport.By group;
            try {
                group = CostReport.By.valueOf(by.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                err.println("report cost: --by must be tenant, target, category or route, was '" + shortened(by) + "'");
                return 2;
            }
            Instant start;
            Instant end;
            try {
                start = from == null ? Instant.MIN : instant(from, false);
                end = to == null ? Instant.MAX : instant(to, true);
            } catch (DateTimeParseException e) {
                err.println("report cost: --from and --to take YYYY-MM-DD or an ISO instant");
                return 2;
            }
            if (!Files.isDirectory(dir)) {
                err.println("report cost: no decision log folder " + dir.toAbsolutePath() + " (pass --log DIR)");
                return 1;
            }
            Policy p;
            try {
                Path file = policy != null ? policy : Files.isRegularFile(Path.of("policy.yaml")) ? Path.of("policy.yaml") : null;
                p = file == null ? PolicyReader.defaults() : PolicyReader.read(file);
            } catch (RuntimeException e) {
                err.println("report cost: " + e.getMessage());
                return 1;
            }
            List<ServedRequest> served = DecisionLogFiles.read(dir).lines().stream().map(ServedRequest::of)
                    .filter(Objects::nonNull).filter(r -> !r.at().isBefore(start) && r.at().isBefore(end)).toList();
            CostReport.Report report = CostReport.of(served, FeedbackLog.read(dir), p, group);
            if (json) {
                out.println(new ObjectMapper().valueToTree(report).toPrettyString());
            } else {
                out.print(CostReportText.of(report));
            }
            out.flush();
            return 0;
        }

        private static Instant instant(String text, boolean endOfDay) {
            if (text.length() == 10) {
                LocalDate day = LocalDate.parse(text);
                return (endOfDay ? day.plusDays(1) : day).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            return Instant.parse(text);
        }

        private static String shortened(String s) {
            return s.length() > 40 ? s.substring(0, 40) + "…" : s;
        }
    }
}
