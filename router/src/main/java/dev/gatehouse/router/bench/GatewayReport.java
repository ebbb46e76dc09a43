package dev.gatehouse.router.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The gateway benchmark's section of {@code docs/BENCHMARKS.md}, between its own markers. */
final class GatewayReport {

    private final int concurrency;
    private final int seconds;
    private final int rounds;
    private final Map<Integer, GatewayLoad.Result[]> rows = new LinkedHashMap<>();

    GatewayReport(int concurrency, int seconds, int rounds) {
        this.concurrency = concurrency;
        this.seconds = seconds;
        this.rounds = rounds;
    }

    void add(int clients, GatewayLoad.Result direct, GatewayLoad.Result gateway) {
        rows.put(clients, new GatewayLoad.Result[] {direct, gateway});
    }

    /** All rounds of one path as one sample set. */
    static GatewayLoad.Result merge(List<GatewayLoad.Result> results) {
        long[] all = results.stream().flatMapToLong(r -> Arrays.stream(r.latencies())).sorted().toArray();
        long errors = results.stream().mapToLong(GatewayLoad.Result::errors).sum();
        Duration elapsed = results.stream().map(GatewayLoad.Result::elapsed).reduce(Duration.ZERO, Duration::plus);
        return new GatewayLoad.Result(all, errors, elapsed);
    }

    void writeInto(Path file) throws IOException {
        BenchmarksFile.writeSection(file, "gateway", render());
    }

    private String render() {
        var md = new StringBuilder();
        md.append("## Gateway overhead: through Gatehouse to a provider vs directly\n\n");
        md.append("Command: `./gatehouse bench-gateway --concurrency ").append(concurrency).append(" --seconds ")
                .append(seconds).append(" --rounds ").append(rounds).append("` (run ").append(LocalDate.now())
                .append(").\n\n");
        md.append("Machine: ").append(MachineDescription.describe()).append(".\n\n");
        md.append("Method: an OpenAI-compatible upstream (Helidon, answers every non-streaming chat completion at once "
                + "with a fixed 30-token answer) and a real Gatehouse server whose policy approves it as the only provider, "
                + "both on loopback in one JVM with the load generator (JDK HTTP client, keep-alive, closed loop: each client "
                + "sends its next request when the last is answered). Every Gatehouse request runs the whole "
                + "`/v1/chat/completions` path: parse, feature extraction with the privacy scan, the routing decision with "
                + "its gates (data class, tenant, provider health, budget headroom, escalation cap), the cap's atomic count, "
                + "the budget reservation (no limit set), the provider call through the fallback chain and guarded client "
                + "(circuit breaker, concurrency limit, `java.net.http`), cost settlement and the OpenAI answer with "
                + "`x-gatehouse-model`. Both paths run for ").append(seconds).append(" s per round in alternating order, ")
                .append(rounds).append(" rounds after a 2 s warm-up; figures are over all rounds' requests. Added latency "
                + "is the Gatehouse figure minus the direct one. The machine's cores are shared by server, upstream and "
                + "clients, so at high concurrency the added latency includes CPU contention.\n\n");
        md.append("| clients | path | median ms | p99 ms | requests/s | errors |\n|---|---|---|---|---|---|\n");
        var notes = new StringBuilder();
        for (var row : rows.entrySet()) {
            var direct = row.getValue()[0];
            var gateway = row.getValue()[1];
            line(md, row.getKey(), "direct", direct);
            line(md, row.getKey(), "through Gatehouse", gateway);
            notes.append(String.format(Locale.ROOT, "- %d client(s): Gatehouse adds %.3f ms median and %.3f ms p99; "
                            + "throughput %.0f%% of direct.%n", row.getKey(),
                    gateway.medianMillis() - direct.medianMillis(), gateway.p99Millis() - direct.p99Millis(),
                    100 * gateway.requestsPerSecond() / direct.requestsPerSecond()));
        }
        md.append('\n').append(notes).append('\n');
        md.append("Reference: LiteLLM reports 2–12 ms median and 13–43 ms p99 added latency; the goal here is under 1 ms "
                + "median and 5 ms p99.\n\n");
        return md.toString();
    }

    private static void line(StringBuilder md, int clients, String path, GatewayLoad.Result r) {
        md.append(String.format(Locale.ROOT, "| %d | %s | %.3f | %.3f | %.0f | %d |%n", clients, path,
                r.medianMillis(), r.p99Millis(), r.requestsPerSecond(), r.errors()));
    }
}
