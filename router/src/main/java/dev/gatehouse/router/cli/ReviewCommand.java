package dev.gatehouse.router.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.net.URI;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code gatehouse review list|approve ID|reject ID}: the review lane of a running server, through its admin API. */
@Command(name = "review", description = "Requests held for human review on a running server: list, approve, reject.",
        subcommands = {ReviewCommand.ListReviews.class, ReviewCommand.Approve.class, ReviewCommand.Reject.class})
public final class ReviewCommand implements Runnable {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }

    /** Where the server is and the admin key to show it. */
    static final class Server {
        @Option(names = "--url", defaultValue = "http://127.0.0.1:8080",
                description = "The running server (default: ${DEFAULT-VALUE}).")
        URI url;

        @Option(names = "--key", defaultValue = "${env:GATEHOUSE_API_KEY}",
                description = "An admin API key (default: $GATEHOUSE_API_KEY).")
        String key;

        /** Calls the admin API; 0 after a 200 handed to {@code onSuccess}, else 1 with why. */
        int call(String method, String path, String body, CommandSpec spec, Consumer<JsonNode> onSuccess) {
            return AdminCall.call("review", url, key, method, path, body, spec.commandLine().getOut(),
                    spec.commandLine().getErr(), onSuccess);
        }
    }

    @Command(name = "list", description = "Pending and recently decided requests, newest first.")
    static final class ListReviews implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        Server server;
        @Option(names = "--json", description = "Print the server's JSON.")
        boolean json;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            return server.call("GET", "/v1/admin/reviews", null, spec, body -> {
                if (json) {
                    out.println(body.toPrettyString());
                    return;
                }
                out.printf(Locale.ROOT, "%-40s %-9s %-12s %-10s %-26s %-20s %s%n", "id", "status", "data class",
                        "tenant", "findings", "proposed target", "expires / decided by");
                for (JsonNode t : body.path("data")) {
                    JsonNode r = t.path("request");
                    out.printf(Locale.ROOT, "%-40s %-9s %-12s %-10s %-26s %-20s %s%n", t.path("id").asText(),
                            t.path("status").asText(), r.path("data_class").asText(), r.path("tenant").asText("-"),
                            types(r), r.path("proposed_target").asText(), when(t));
                }
                out.println(body.path("pending").asLong() + " pending");
            });
        }

        private static String types(JsonNode request) {
            var names = new java.util.ArrayList<String>();
            request.path("finding_types").forEach(n -> names.add(n.asText()));
            return names.isEmpty() ? "-" : String.join(",", names);
        }

        private static String when(JsonNode t) {
            if (t.path("status").asText().equals("pending")) {
                return "expires " + Instant.ofEpochSecond(t.path("expires_at").asLong());
            }
            JsonNode by = t.path("reviewer");
            return by.isMissingNode() ? t.path("status").asText()
                    : "by " + by.path("tenant").asText("-") + " (" + by.path("key_id").asText("-") + ")";
        }
    }

    @Command(name = "approve", description = "Approve a held request: it is routed and answered, its client fetches the answer.")
    static final class Approve implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        Server server;
        @Parameters(paramLabel = "ID", description = "The review id (rev-...).")
        String id;
        @Option(names = "--target", description = "Send it to this target of the policy instead of the policy's "
                + "choice (a human override, recorded as feedback; the privacy gates still apply).")
        String target;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            String body = target == null ? null : JSON.createObjectNode().put("target", target).toString();
            return server.call("POST", "/v1/admin/reviews/" + id + "/approve", body, spec,
                    b -> out.println(b.path("id").asText() + " approved"
                    + (target == null ? "" : ", routed to " + target)
                    + "; the client fetches the answer from " + b.path("url").asText()));
        }
    }

    @Command(name = "reject", description = "Reject a held request; its client sees the reason.")
    static final class Reject implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        Server server;
        @Parameters(paramLabel = "ID", description = "The review id (rev-...).")
        String id;
        @Option(names = "--reason", description = "Why, shown to the client (at most 500 characters).")
        String reason;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            String body = reason == null ? null : JSON.createObjectNode().put("reason", reason).toString();
            return server.call("POST", "/v1/admin/reviews/" + id + "/reject", body, spec,
                    b -> out.println(b.path("id").asText()
                    + " rejected" + (reason == null ? "" : ": " + reason)));
        }
    }
}
