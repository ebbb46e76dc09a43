package dev.gatehouse.router.soak;

import dev.gatehouse.hardware.ProcessMemory;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The figures of one soak.
 *
 * @param leftInFlight requests the pool still counted as running or queued after every client had finished: a
 *                     dropped stream that did not free its slot shows here
 */
record SoakResult(int concurrency, Duration duration, long served, long refusedAsExpected,
                  Map<String, Long> rejected, Map<String, Long> unexpected, long p50Micros, long p99Micros,
                  List<Rss> rss, int leftInFlight) {

    /** RSS of the server and the chat worker after {@code servedSoFar} served requests. */
    record Rss(long servedSoFar, long serverBytes, long workerBytes) {
        static Rss read(SoakServer server, long servedSoFar) {
            long pid = server.workerPid();
            return new Rss(servedSoFar, SoakCommand.serverRss(),
                    pid > 0 ? ProcessMemory.residentBytes(pid).orElse(-1) : -1);
        }
    }

    static SoakResult of(SoakTraffic t, List<Rss> rss, int concurrency, Duration duration, int leftInFlight) {
        long[] micros = t.servedMicros.stream().mapToLong(Long::longValue).sorted().toArray();
        return new SoakResult(concurrency, duration, t.served.sum(), t.refusedAsExpected.sum(), sums(t.rejected),
                sums(t.unexpected), percentile(micros, 0.50), percentile(micros, 0.99), List.copyOf(rss),
                leftInFlight);
    }

    void print(PrintWriter out) {
        out.printf(Locale.ROOT, "soak: %d clients for %s against %d chat slots (queue %d)%n", concurrency,
                duration, SoakServer.SLOTS, SoakServer.QUEUE);
        out.printf(Locale.ROOT, "served %d, rejected %d %s, malformed refused as expected %d, unexpected %d %s%n",
                served, rejected.values().stream().mapToLong(Long::longValue).sum(), rejected, refusedAsExpected,
                unexpected.values().stream().mapToLong(Long::longValue).sum(), unexpected);
        out.printf(Locale.ROOT, "latency of served requests: p50 %.1f ms, p99 %.1f ms%n", p50Micros / 1000.0,
                p99Micros / 1000.0);
        out.printf(Locale.ROOT, "left in flight after the clients finished: %d%n", leftInFlight);
        out.println("RSS (served so far: server, worker):");
        for (Rss r : rss) {
            out.printf(Locale.ROOT, "  %6d: %s, %s%n", r.servedSoFar(), mib(r.serverBytes()), mib(r.workerBytes()));
        }
    }

    static String mib(long bytes) {
        return bytes < 0 ? "n/a" : String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
    }

    private static Map<String, Long> sums(Map<String, java.util.concurrent.atomic.LongAdder> counts) {
        Map<String, Long> out = new TreeMap<>();
        counts.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    private static long percentile(long[] sorted, double q) {
        return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)];
    }
}
