package dev.gatehouse.router.soak;

import dev.gatehouse.hardware.ProcessMemory;
import java.io.PrintWriter;
import java.nio.file.Files;
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
 * {@code gatehouse soak}: a real server on loopback under mixed traffic above its slot count for a bounded time;
 * prints served, rejected (by code), unexpected errors, latency percentiles and the RSS of the server and the
 * worker, sampled over the run so a leak shows as a slope. Exits 1 when anything unexpected happened.
 */
@Command(name = "soak", description = "Mixed traffic above the slot count against a loopback server; reports errors, latency and RSS.")
public final class SoakCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--minutes", description = "How long to run (default ${DEFAULT-VALUE}).", defaultValue = "3")
    double minutes;

    @Option(names = "--concurrency", description = "Concurrent clients (default ${DEFAULT-VALUE}; the chat model has "
            + SoakServer.SLOTS + " slots and a queue of " + SoakServer.QUEUE + ").", defaultValue = "8")
    int concurrency;

    @Option(names = "--samples", description = "RSS samples over the run (default ${DEFAULT-VALUE}).", defaultValue = "6")
    int samples;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Path work = Files.createTempDirectory("gatehouse-soak-");
        try (SoakServer server = SoakServer.start(work)) {
            SoakResult result = run(server, Duration.ofMillis((long) (minutes * 60_000)), concurrency,
                    Math.max(1, samples), out);
            result.print(out);
            out.flush();
            return result.unexpected().isEmpty() && result.leftInFlight() == 0 ? 0 : 1;
        }
    }

    /** Runs the traffic in {@code samples} equal legs, reading RSS before, between and after them. */
    static SoakResult run(SoakServer server, Duration duration, int concurrency, int samples, PrintWriter out)
            throws InterruptedException {
        SoakTraffic warmUp = new SoakTraffic(server);
        warmUp.run(1, Duration.ofSeconds(2), 0); // loads the worker and the JIT before the first reading
        List<SoakResult.Rss> rss = new ArrayList<>();
        SoakTraffic traffic = new SoakTraffic(server);
        rss.add(SoakResult.Rss.read(server, 0));
        for (int leg = 1; leg <= samples; leg++) {
            traffic.run(concurrency, duration.dividedBy(samples), leg * 1_000L);
            rss.add(SoakResult.Rss.read(server, traffic.served.sum()));
            out.printf(Locale.ROOT, "leg %d/%d: served %d, server %s, worker %s%n", leg, samples,
                    traffic.served.sum(), SoakResult.mib(rss.getLast().serverBytes()),
                    SoakResult.mib(rss.getLast().workerBytes()));
            out.flush();
        }
        return SoakResult.of(traffic, rss, concurrency, duration, settledInFlight(server));
    }

    /** In-flight and queued requests once cancellations of dropped streams had up to ten seconds to land. */
    private static int settledInFlight(SoakServer server) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (server.inFlight() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        return server.inFlight();
    }

    static long serverRss() {
        return ProcessMemory.residentBytesOfThisProcess().orElse(-1);
    }
}
