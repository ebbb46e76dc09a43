package dev.gatehouse.router.bench;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code gatehouse bench-gateway}: the same chat requests sent directly to a local OpenAI-compatible upstream and
 * through a real Gatehouse server whose policy approves it as a provider, alternating in rounds, at one client and at a fixed concurrency.
 * Writes the {@code gateway} section of {@code docs/BENCHMARKS.md}.
 */
@Command(name = "bench-gateway", description = "Gateway overhead: requests through Gatehouse to a local upstream vs directly; writes docs/BENCHMARKS.md.")
public final class GatewayBenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--concurrency", description = "Clients in the loaded run (default ${DEFAULT-VALUE}).", defaultValue = "64")
    int concurrency;

    @Option(names = "--seconds", description = "Seconds per path per round (default ${DEFAULT-VALUE}).", defaultValue = "5")
    int seconds;

    @Option(names = "--rounds", description = "Rounds; each runs both paths, in alternating order (default ${DEFAULT-VALUE}).", defaultValue = "3")
    int rounds;

    @Option(names = "--out", description = "Markdown file to write the section into (default ${DEFAULT-VALUE}).", defaultValue = "docs/BENCHMARKS.md")
    Path out;

    @Override
    public Integer call() throws Exception {
        PrintWriter log = spec.commandLine().getOut();
        try (GatewayUpstream upstream = GatewayUpstream.start();
             RealGateway proxy = RealGateway.start(upstream.baseUrl())) {
            var report = new GatewayReport(concurrency, seconds, rounds);
            for (int clients : List.of(1, concurrency)) {
                GatewayLoad.run(upstream.baseUrl(), clients, Duration.ofSeconds(2)); // warm-up: JIT, connections
                GatewayLoad.run(proxy.baseUrl(), clients, Duration.ofSeconds(2));
                List<GatewayLoad.Result> direct = new ArrayList<>();
                List<GatewayLoad.Result> gateway = new ArrayList<>();
                for (int round = 0; round < rounds; round++) {
                    boolean directFirst = round % 2 == 0;
                    for (int leg = 0; leg < 2; leg++) {
                        boolean isDirect = directFirst == (leg == 0);
                        var result = GatewayLoad.run(isDirect ? upstream.baseUrl() : proxy.baseUrl(), clients,
                                Duration.ofSeconds(seconds));
                        (isDirect ? direct : gateway).add(result);
                        log.printf(Locale.ROOT, "clients %d round %d %-7s median %.3f ms p99 %.3f ms %.0f req/s%n",
                                clients, round + 1, isDirect ? "direct" : "gateway", result.medianMillis(),
                                result.p99Millis(), result.requestsPerSecond());
                        log.flush();
                    }
                }
                report.add(clients, GatewayReport.merge(direct), GatewayReport.merge(gateway));
            }
            report.writeInto(out);
            log.println("wrote " + out.toAbsolutePath());
        }
        return 0;
    }
}
