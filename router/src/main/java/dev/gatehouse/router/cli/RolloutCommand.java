package dev.gatehouse.router.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.router.http.RolloutService;
import java.io.PrintWriter;
import java.net.URI;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code gatehouse rollout status|promote|rollback}: the rollout of a running server, read and changed through its
 * admin endpoints ({@link RolloutService}), as {@code gatehouse models} reads {@code /v1/pool}. The API key comes
 * from {@code GATEHOUSE_API_KEY} (an admin key where the server requires keys).
 */
@Command(name = "rollout", description = "Show, promote or roll back the candidate policy of a running server.",
        subcommands = {RolloutCommand.Status.class, RolloutCommand.Promote.class, RolloutCommand.Rollback.class})
public final class RolloutCommand implements Runnable {
    private static final List<String[]> ROWS = List.of(
            new String[] {"requests", "requests"}, new String[] {"mean latency ms", "meanLatencyMs"},
            new String[] {"cost", "cost"}, new String[] {"mean cost", "meanCost"},
            new String[] {"escalations", "escalations"}, new String[] {"escalation rate", "escalationRate"},
            new String[] {"errors", "errors"}, new String[] {"feedback", "feedback"},
            new String[] {"scored", "scored"}, new String[] {"mean score", "meanScore"});

    @ParentCommand
    GatehouseCli cli;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }

    /** What every subcommand takes. */
    abstract static class Call implements Callable<Integer> {
        @ParentCommand
        RolloutCommand parent;

        @Spec
        CommandSpec spec;

        @Option(names = "--url", paramLabel = "URL", defaultValue = "http://127.0.0.1:8080",
                description = "The running server (default: ${DEFAULT-VALUE}).")
        URI url;

        @Option(names = "--json", description = "Print the server's JSON.")
        boolean json;

        abstract String method();

        abstract String path();

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            return AdminCall.call("rollout", url, parent.cli.env().get("GATEHOUSE_API_KEY"), method(), path(), null,
                    out, err, body -> {
                        if (json) {
                            out.println(body.toPrettyString());
                        } else {
                            print(body, out);
                        }
                    });
        }
    }

    @Command(name = "status", description = "The rollout, the shadow, both arms' metrics side by side and the "
            + "verdict on their feedback scores (advice).")
    static final class Status extends Call {
        String method() {
            return "GET";
        }

        String path() {
            return RolloutService.STATUS;
        }
    }

    @Command(name = "promote", description = "Make the candidate the live policy, without a restart.")
    static final class Promote extends Call {
        String method() {
            return "POST";
        }

        String path() {
            return RolloutService.PROMOTE;
        }
    }

    @Command(name = "rollback", description = "Send every request to the live policy again, without a restart.")
    static final class Rollback extends Call {
        String method() {
            return "POST";
        }

        String path() {
            return RolloutService.ROLLBACK;
        }
    }

    static void print(JsonNode body, PrintWriter out) {
        if (body.has("action")) out.println(body.get("action").asText().replace('_', ' '));
        JsonNode r = body.path("rollout");
        String state = r.path("state").asText("none");
        if (state.equals("none")) {
            out.println("rollout: none");
        } else {
            out.printf("rollout: %s, candidate %s, share %.1f%% by %s (fallback: %s)%n", state.replace('_', ' '),
                    r.path("candidate").asText(), r.path("share").asDouble() * 100, r.path("by").asText(),
                    r.path("fallback").asText());
            JsonNode s = r.path("segments");
            if (!s.isMissingNode()) out.println("  segments: tenants " + s.path("tenants") + ", tiers " + s.path("tiers"));
        }
        JsonNode shadow = body.path("shadowCounts");
        out.println(body.has("shadow") ? "shadow: " + body.path("shadow").path("policy").asText() + " (decided beside "
                + shadow.path("decisions").asLong() + " requests, " + shadow.path("differs").asLong()
                + " would have gone elsewhere)" : "shadow: none");
        out.printf("%n%-16s %14s %14s%n", "", "live", "candidate");
        for (String[] row : ROWS) {
            out.printf("%-16s %14s %14s%n", row[0], cell(body.path("arms").path("live").path(row[1])),
                    cell(body.path("arms").path("candidate").path(row[1])));
        }
        printVerdict(body.path("verdict"), out);
        out.flush();
    }

    /** The server's verdict on the arms' scores: the advice and its reason, then the figures it rests on. */
    private static void printVerdict(JsonNode v, PrintWriter out) {
        if (v.isMissingNode()) return;
        out.printf("%nverdict: %s (advice; nothing is promoted until you run promote)%n  %s%n",
                v.path("advice").asText(), v.path("reason").asText());
        if (!v.path("lowerBound").isNull() && !v.path("lowerBound").isMissingNode()) {
            boolean fixed = v.path("referenceScore").isNumber();
            out.printf("  floor %s (quality bar %s × %s %s); candidate %s, bounds %s to %s (± %s × %s)%n",
                    cell(v.path("floor")), cell(v.path("qualityBar")), fixed ? "reference score" : "live mean",
                    cell(fixed ? v.path("referenceScore") : v.path("live").path("meanScore")),
                    cell(v.path("candidate").path("meanScore")), cell(v.path("lowerBound")),
                    cell(v.path("upperBound")), cell(v.path("z")), cell(v.path("standardError")));
        }
        out.printf("  cost per request: live %s, candidate %s, saving %s%n", cell(v.path("live").path("costPerRequest")),
                cell(v.path("candidate").path("costPerRequest")), v.path("costSaving").isNumber()
                        ? String.format(java.util.Locale.ROOT, "%.1f%%", v.path("costSaving").asDouble() * 100) : "-");
    }

    private static String cell(JsonNode value) {
        if (value.isMissingNode() || value.isNull()) return "-";
        if (value.isIntegralNumber()) return value.asText();
        return String.format(java.util.Locale.ROOT, "%.4g", value.asDouble());
    }
}
