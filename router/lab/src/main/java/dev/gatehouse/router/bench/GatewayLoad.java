package dev.gatehouse.router.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

/**
 * Closed-loop load: {@code concurrency} clients, each sending the next request as soon as its last one is answered,
 * for a fixed time. One shared JDK client per run (keep-alive connections).
 */
final class GatewayLoad {

    /**
     * Where one path's requests go: the chat endpoint and the headers that path needs (Portkey's routing headers).
     * {@code process} is the gateway's own process when it runs outside this JVM (its CPU counts), else null.
     */
    record Endpoint(String name, URI url, Map<String, String> headers, ProcessHandle process) {
        Endpoint(String name, URI url, Map<String, String> headers) {
            this(name, url, headers, null);
        }
    }

    /** Latencies in nanoseconds, sorted, the wall time they were collected in and what the run cost. */
    record Result(long[] latencies, long errors, Duration elapsed, GatewayCost cost) {
        double medianMillis() {
            return percentileMillis(0.5);
        }

        double p99Millis() {
            return percentileMillis(0.99);
        }

        double percentileMillis(double q) {
            if (latencies.length == 0) return Double.NaN;
            int i = (int) Math.min(latencies.length - 1, Math.ceil(q * latencies.length) - 1);
            return latencies[Math.max(0, i)] / 1e6;
        }

        double requestsPerSecond() {
            return latencies.length / (elapsed.toNanos() / 1e9);
        }

        /** CPU microseconds per answered request: this JVM's Java threads (client and upstream too), an outside peer's process. */
        double cpuMicrosPerRequest() {
            return latencies.length == 0 ? Double.NaN : cost.cpuNanos() / 1e3 / latencies.length;
        }

        /** Kilobytes this JVM allocated per answered request. */
        double allocatedKilobytesPerRequest() {
            return latencies.length == 0 ? Double.NaN : cost.jvmAllocatedBytes() / 1024.0 / latencies.length;
        }
    }

    /**
     * One client per path for the bench's whole run, kept like an application's long-lived client. A new client per
     * run started a new selector thread whose loop the JIT had to compile again inside the measured seconds: the
     * bench JVM's compilers took 260 ms of CPU in the first round of a path, none in the later ones.
     */
    private static final Map<URI, HttpClient> CLIENTS = new java.util.concurrent.ConcurrentHashMap<>();

    private GatewayLoad() {}

    static Result run(Endpoint endpoint, String body, int concurrency, Duration duration) throws InterruptedException {
        return run(endpoint, n -> body, concurrency, duration);
    }

    /** @param bodies the body of each client's n-th request (distinct bodies defeat caches) */
    static Result run(Endpoint endpoint, IntFunction<String> bodies, int concurrency, Duration duration)
            throws InterruptedException {
        HttpClient http = CLIENTS.computeIfAbsent(endpoint.url(),
                url -> HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build());
        long[][] perClient = new long[concurrency][];
        AtomicLong errors = new AtomicLong();
        AtomicLong sequence = new AtomicLong();
        GatewayCost.Snapshot before = GatewayCost.now(endpoint.process());
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < concurrency; c++) {
                int client = c;
                clients.submit(() -> {
                    long[] samples = new long[1024];
                    int n = 0;
                    while (System.nanoTime() < end) {
                        HttpRequest request = request(endpoint, bodies.apply((int) sequence.getAndIncrement()));
                        long t0 = System.nanoTime();
                        try {
                            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
                            if (response.statusCode() != 200) {
                                errors.incrementAndGet();
                                continue;
                            }
                        } catch (Exception e) {
                            errors.incrementAndGet();
                            continue;
                        }
                        if (n == samples.length) samples = Arrays.copyOf(samples, n * 2);
                        samples[n++] = System.nanoTime() - t0;
                    }
                    perClient[client] = Arrays.copyOf(samples, n);
                });
            }
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        GatewayCost cost = GatewayCost.now(endpoint.process()).since(before);
        long[] all = Arrays.stream(perClient).flatMapToLong(Arrays::stream).sorted().toArray();
        return new Result(all, errors.get(), elapsed, cost);
    }

    private static HttpRequest request(Endpoint endpoint, String body) {
        var builder = HttpRequest.newBuilder(endpoint.url()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        endpoint.headers().forEach(builder::header);
        return builder.build();
    }
}
