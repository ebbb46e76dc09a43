package dev.gatehouse.router.bench;

import dev.gatehouse.inference.provider.ApiKey;
import dev.gatehouse.inference.provider.CircuitBreaker;
import dev.gatehouse.inference.provider.GuardedProvider;
import dev.gatehouse.inference.provider.ProviderClient;
import dev.gatehouse.inference.provider.ProviderEndpoint;
import dev.gatehouse.inference.provider.ProviderKind;
import dev.gatehouse.inference.provider.RetryPolicy;
import dev.gatehouse.router.escalation.BudgetLedger;
import dev.gatehouse.router.escalation.BudgetLimits;
import dev.gatehouse.router.escalation.Cost;
import dev.gatehouse.router.escalation.EscalationRateCap;
import dev.gatehouse.router.escalation.TokenPrices;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code gatehouse bench-gateway}: the same chat requests sent directly to a local OpenAI-compatible upstream and
 * through a Gatehouse route that proxies to it, alternating in rounds, at one client and at a fixed concurrency.
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
             GatewayProxy proxy = GatewayProxy.start(outbound(upstream))) {
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

    /** Everything an escalated request passes through, set so that none of it refuses during the run. */
    private static GatewayProxy.Outbound outbound(GatewayUpstream upstream) {
        var endpoint = new ProviderEndpoint("bench", ProviderKind.OPENAI, upstream.baseUrl(), ApiKey.of("bench-key"),
                Duration.ofSeconds(30), 1024);
        var provider = new GuardedProvider(ProviderClient.create(endpoint),
                new CircuitBreaker(CircuitBreaker.Settings.defaults()), RetryPolicy.defaults(), Clock.systemUTC(),
                RetryPolicy.Sleeper.REAL);
        var budgets = new BudgetLedger(new BudgetLimits(Map.of("bench", new BudgetLimits.Limit(Cost.of("1000000"), null)),
                Map.of()), ZoneOffset.UTC);
        var cap = new EscalationRateCap(new EscalationRateCap.Settings(Integer.MAX_VALUE, 1.0, 0), limit -> { });
        var prices = new TokenPrices(new BigDecimal("0.00015"), new BigDecimal("0.0006"));
        return new GatewayProxy.Outbound(provider, "bench-model", prices, budgets, cap, Clock.systemUTC());
    }
}
