package dev.gatehouse.router.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** The gateway benchmark's section of {@code docs/BENCHMARKS.md}, between its own markers. */
final class GatewayReport {

    /** One kind of request, sent the same way on every path. */
    record Scenario(String name, String description, String body) {}

    /** @param results one per path, in the order of {@code names}: direct first, then Gatehouse, then peers */
    private record Row(Scenario scenario, int clients, List<String> names, List<GatewayLoad.Result> results) {}

    private final String command;
    private final String policy;
    private final String peerNote;
    private final List<Row> rows = new ArrayList<>();
    private GatewayLoad.Result decisionRepeated;
    private GatewayLoad.Result decisionFresh;

    GatewayReport(String command, String policy, String peerNote) {
        this.command = command;
        this.policy = policy;
        this.peerNote = peerNote;
    }

    void add(Scenario scenario, int clients, List<String> names, List<GatewayLoad.Result> results) {
        rows.add(new Row(scenario, clients, List.copyOf(names), List.copyOf(results)));
    }

    void decision(GatewayLoad.Result repeated, GatewayLoad.Result fresh) {
        this.decisionRepeated = repeated;
        this.decisionFresh = fresh;
    }

    /** All rounds of one path as one sample set. */
    static GatewayLoad.Result merge(List<GatewayLoad.Result> results) {
        long[] all = results.stream().flatMapToLong(r -> Arrays.stream(r.latencies())).sorted().toArray();
        long errors = results.stream().mapToLong(GatewayLoad.Result::errors).sum();
        Duration elapsed = results.stream().map(GatewayLoad.Result::elapsed).reduce(Duration.ZERO, Duration::plus);
        GatewayCost cost = results.stream().map(GatewayLoad.Result::cost).reduce(GatewayCost.NONE, GatewayCost::plus);
        return new GatewayLoad.Result(all, errors, elapsed, cost);
    }

    void writeInto(Path file) throws IOException {
        BenchmarksFile.writeSection(file, "gateway", render());
    }

    String render() {
        var md = new StringBuilder();
        md.append("## Gateway overhead: Gatehouse and Portkey between a client and a provider\n\n");
        md.append("Command: `").append(command).append("` (run ").append(LocalDate.now()).append(").\n\n");
        md.append("Machine: ").append(MachineDescription.describe()).append(".\n\n");
        md.append("Method: an OpenAI-compatible upstream (Helidon, answers every non-streaming chat completion at once "
                + "with a fixed 30-token answer); a real Gatehouse server built as `serve` builds it from ").append(policy)
                .append(" (MiniLM embedder, built-in difficulty model, every privacy detector, no decision log) with one "
                + "approved provider, the upstream, offering `bench-model` and `bench-large`; and, when Node is present, "
                + "Portkey's gateway (`@portkey-ai/gateway@").append(PortkeyPeer.VERSION).append("` from npm, "
                + "`--headless`) pointed at the same upstream with `x-portkey-provider: openai` and "
                + "`x-portkey-custom-host`. The load generator is in the JVM of the upstream and Gatehouse (JDK HTTP "
                + "client, keep-alive, closed loop: each client sends its next request when the last is answered); all "
                + "three share the machine's cores with Node. Every path first runs every request for 4 s at the most "
                + "clients (JIT warm-up), then every path runs in every round, in rotating order, after a 2 s warm-up "
                + "each; figures are over all rounds' requests. *Added* is the path's figure minus "
                + "direct's. *CPU µs/req* is the CPU time per answered request of this JVM's Java threads (load "
                + "generator, upstream and Gatehouse; the JIT compiler and GC threads are left out) plus, on Portkey's "
                + "path, its whole node process, so a gateway's own cost is its figure minus direct's (*added CPU "
                + "µs*); *KB/req* is the heap this JVM allocated per request (Portkey's own allocation, in node, is "
                + "not counted). These move less with other work on the machine than latency does, though idle "
                + "threads spinning for work weigh more per request on a path that serves fewer requests.\n\n");
        if (peerNote != null) md.append(peerNote).append("\n\n");
        Scenario current = null;
        for (Row row : rows) {
            if (row.scenario() != current) {
                current = row.scenario();
                md.append("### ").append(current.description()).append("\n\n");
                md.append("| clients | path | p50 ms | p99 ms | added p50 ms | added p99 ms | requests/s | errors "
                        + "| CPU µs/req | added CPU µs | KB/req |\n|---|---|---|---|---|---|---|---|---|---|---|\n");
            }
            var direct = row.results().getFirst();
            for (int p = 0; p < row.results().size(); p++) {
                var r = row.results().get(p);
                md.append(String.format(Locale.ROOT, "| %d | %s | %.3f | %.3f | %s | %s | %.0f | %d | %.0f | %s | %.1f |%n",
                        row.clients(), row.names().get(p), r.medianMillis(), r.p99Millis(),
                        p == 0 ? "" : String.format(Locale.ROOT, "%.3f", r.medianMillis() - direct.medianMillis()),
                        p == 0 ? "" : String.format(Locale.ROOT, "%.3f", r.p99Millis() - direct.p99Millis()),
                        r.requestsPerSecond(), r.errors(), r.cpuMicrosPerRequest(),
                        p == 0 ? "" : String.format(Locale.ROOT, "%.0f", r.cpuMicrosPerRequest() - direct.cpuMicrosPerRequest()),
                        r.allocatedKilobytesPerRequest()));
            }
            if (row == rows.getLast() || rows.get(rows.indexOf(row) + 1).scenario() != current) md.append('\n');
        }
        if (decisionRepeated != null) {
            md.append("### The decision alone: `POST /v1/route`, `model: auto`, the 512-token prompt, one client\n\n");
            md.append("| prompt | p50 ms | p99 ms | requests/s | CPU µs/req | KB/req |\n|---|---|---|---|---|---|\n");
            decisionLine(md, "the same prompt each time (embedding from the cache)", decisionRepeated);
            decisionLine(md, "a new prompt each time (MiniLM runs)", decisionFresh);
            md.append('\n');
        }
        return md.toString();
    }

    private static void decisionLine(StringBuilder md, String what, GatewayLoad.Result r) {
        md.append(String.format(Locale.ROOT, "| %s | %.3f | %.3f | %.0f | %.0f | %.1f |%n", what, r.medianMillis(),
                r.p99Millis(), r.requestsPerSecond(), r.cpuMicrosPerRequest(), r.allocatedKilobytesPerRequest()));
    }
}
