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
    private final boolean inProcess;
    private final java.util.Set<String> ownProcess = new java.util.HashSet<>();
    private final List<Row> rows = new ArrayList<>();
    private List<DecisionRow> decisionRows = List.of();

    /** @param inProcess whether Gatehouse ran in the bench's JVM rather than as its own {@code serve} process */
    GatewayReport(String command, String policy, String peerNote, boolean inProcess) {
        this.command = command;
        this.policy = policy;
        this.peerNote = peerNote;
        this.inProcess = inProcess;
    }

    /** A path whose gateway runs in a process of its own: its allocation is not this JVM's, so KB/req says "–". */
    void ownProcess(String path) {
        ownProcess.add(path);
    }

    void add(Scenario scenario, int clients, List<String> names, List<GatewayLoad.Result> results) {
        rows.add(new Row(scenario, clients, List.copyOf(names), List.copyOf(results)));
    }

    /** One row of the decision-alone table: which request, measured how. */
    record DecisionRow(String what, GatewayLoad.Result result) {}

    void decision(List<DecisionRow> rows) {
        this.decisionRows = List.copyOf(rows);
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
                + "with a fixed 30-token answer); ").append(inProcess
                ? "a real Gatehouse server built in the bench's JVM as `serve` builds it from " + policy + " (MiniLM "
                    + "embedder, built-in difficulty model, every privacy detector; no decision log or audit trail)"
                : "Gatehouse as users run it, `./gatehouse serve` in its own process (the launcher's JVM flags, the "
                    + "shipped `gatehouse.yaml`: decision log and hash-chained audit trail written for every request, "
                    + "hardware sampling; no local model) with " + policy + " (MiniLM embedder, built-in difficulty "
                    + "model, every privacy detector)")
                .append(" and one approved provider, the upstream, offering `bench-model` and `bench-large`; and, when "
                + "Node is present, Portkey's gateway (`@portkey-ai/gateway@").append(PortkeyPeer.VERSION).append("` "
                + "from npm, `--headless`) pointed at the same upstream with `x-portkey-provider: openai` and "
                + "`x-portkey-custom-host`. The load generator runs in the upstream's JVM (JDK HTTP client, one per "
                + "path for the whole run, keep-alive, closed loop: each client sends its next request when the last is "
                + "answered); every process shares the machine's cores. Every path first runs every request at the most "
                + "clients until it is warm (until two 2 s windows in a row agree within 5% on the median and on the CPU "
                + "per request, and the JIT compilers of the bench JVM and of a Java gateway used at most 5% of a core "
                + "in each of the last three windows, read from `/proc`; at most 90 s), then every path runs in every "
                + "round, in rotating order, each request and client count after the same compiler-quiet wait; the "
                + "steady state is measured, and the log gives each round's compiler time; figures are over "
                + "all rounds' requests. *Added* is the path's figure minus direct's. *CPU µs/req* is the CPU time per "
                + "answered request of the bench JVM's Java threads (load generator and upstream")
                .append(inProcess ? ", and Gatehouse" : "").append("; its JIT compiler and GC threads are left out) "
                + "plus, for a gateway in its own process, that whole process (JIT and GC included), so a gateway's own "
                + "cost is its figure minus direct's (*added CPU µs*); *KB/req* is the heap the bench JVM allocated per "
                + "request, shown only where the gateway runs in it (a gateway in its own process: \u2013). These "
                + "move less with other work on the machine than latency does, though idle threads spinning for work "
                + "weigh more per request on a path that serves fewer requests.\n\n");
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
                md.append(String.format(Locale.ROOT, "| %d | %s | %.3f | %.3f | %s | %s | %.0f | %d | %.0f | %s | %s |%n",
                        row.clients(), row.names().get(p), r.medianMillis(), r.p99Millis(),
                        p == 0 ? "" : String.format(Locale.ROOT, "%.3f", r.medianMillis() - direct.medianMillis()),
                        p == 0 ? "" : String.format(Locale.ROOT, "%.3f", r.p99Millis() - direct.p99Millis()),
                        r.requestsPerSecond(), r.errors(), r.cpuMicrosPerRequest(),
                        p == 0 ? "" : String.format(Locale.ROOT, "%.0f", r.cpuMicrosPerRequest() - direct.cpuMicrosPerRequest()),
                        kilobytes(row.names().get(p), r)));
            }
            if (row == rows.getLast() || rows.get(rows.indexOf(row) + 1).scenario() != current) md.append('\n');
        }
        if (!decisionRows.isEmpty()) {
            md.append("### The decision alone: `POST /v1/route`, one client (no provider call)\n\n");
            md.append("| request | p50 ms | p99 ms | requests/s | CPU µs/req | KB/req |\n|---|---|---|---|---|---|\n");
            for (var row : decisionRows) decisionLine(md, row.what(), row.result());
            md.append('\n');
        }
        return md.toString();
    }

    private void decisionLine(StringBuilder md, String what, GatewayLoad.Result r) {
        md.append(String.format(Locale.ROOT, "| %s | %.3f | %.3f | %.0f | %.0f | %s |%n", what, r.medianMillis(),
                r.p99Millis(), r.requestsPerSecond(), r.cpuMicrosPerRequest(),
                inProcess ? String.format(Locale.ROOT, "%.1f", r.allocatedKilobytesPerRequest()) : "\u2013"));
    }

    private String kilobytes(String path, GatewayLoad.Result r) {
        return ownProcess.contains(path) ? "\u2013" : String.format(Locale.ROOT, "%.1f", r.allocatedKilobytesPerRequest());
    }
}
