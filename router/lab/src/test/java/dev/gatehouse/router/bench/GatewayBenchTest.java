package dev.gatehouse.router.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.router.features.MiniLmEmbedder;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The gateway bench's Gatehouse: the repository's shipped policy.yaml with the bench provider, MiniLM on, a real
 * server and upstream. Both bench requests are answered by the provider, and the report shows every path it measured.
 * No timings are asserted (the machine is shared); the load generator runs for a fraction of a second.
 */
class GatewayBenchTest {

    static GatewayUpstream upstream;
    static MiniLmEmbedder embedder;
    static RealGateway gatehouse;
    static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        Path shipped = Path.of("../..", "policy.yaml");
        assertThat(shipped).exists();
        upstream = GatewayUpstream.start();
        embedder = MiniLmEmbedder.open();
        gatehouse = RealGateway.start(ShippedPolicy.withBenchProvider(shipped, upstream.baseUrl()), shipped.toString(),
                embedder);
    }

    @AfterAll
    static void stop() {
        gatehouse.close();
        embedder.close();
        upstream.close();
    }

    static HttpResponse<String> chat(String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(gatehouse.baseUrl() + "/chat/completions"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void thePinnedRequestIsAnsweredByTheNamedProviderModel() throws Exception {
        var response = chat(BenchRequests.PINNED);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("x-gatehouse-model")).hasValue("bench/bench-model");
    }

    @Test
    void theAutoRequestIsRoutedToOneOfTheProvidersModels() throws Exception {
        var response = chat(BenchRequests.auto512(-1));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("x-gatehouse-model").orElseThrow()).startsWith("bench/");
    }

    @Test
    void theAutoPromptIsAbout512TokensAndEachVariantIsDistinct() {
        String text = BenchRequests.auto512(-1);
        int words = text.split("\\s+").length;
        assertThat(words).isBetween(330, 450); // ~1.3 tokens a word in English prose
        assertThat(BenchRequests.auto512(1)).isNotEqualTo(BenchRequests.auto512(2));
        // a new ending leaves the first 2,000 characters (far more than 128 word pieces) as they were
        assertThat(BenchRequests.auto512NewEnding(1)).isNotEqualTo(BenchRequests.auto512NewEnding(2))
                .startsWith(BenchRequests.auto512(-1).substring(0, 2_000));
    }

    @Test
    void aPathsCostCountsTheHeapItsWorkAllocated() {
        GatewayCost.Snapshot before = GatewayCost.now(null);
        byte[][] kept = new byte[64][];
        for (int i = 0; i < kept.length; i++) kept[i] = new byte[16 * 1024];
        GatewayCost spent = GatewayCost.now(null).since(before);
        assertThat(kept[63]).hasSize(16 * 1024);
        assertThat(spent.jvmAllocatedBytes()).isGreaterThanOrEqualTo(64L * 16 * 1024);
        assertThat(spent.cpuNanos()).isNotNegative();
    }

    @Test
    void aThreadThatEndsDuringASpanDoesNotTakeItsPastCpuOutOfTheSpansCost() throws Exception {
        var release = new java.util.concurrent.CountDownLatch(1);
        var busy = new java.util.concurrent.CountDownLatch(1);
        Thread worker = Thread.ofPlatform().start(() -> {
            long until = System.nanoTime() + 200_000_000L;
            long x = 0;
            while (System.nanoTime() < until) x += Long.numberOfTrailingZeros(x + 1); // 200 ms of CPU before the span
            busy.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        busy.await();
        GatewayCost.Snapshot before = GatewayCost.now(null);
        release.countDown();
        worker.join();

        assertThat(GatewayCost.now(null).since(before).cpuNanos()).isNotNegative();
    }

    @Test
    void theReportHasARowPerPathAndClientCountAndTheDecisionTable() throws Exception {
        var endpoint = new GatewayLoad.Endpoint("through Gatehouse", URI.create(gatehouse.baseUrl() + "/chat/completions"),
                java.util.Map.of());
        var direct = new GatewayLoad.Endpoint("direct", URI.create(upstream.baseUrl() + "/chat/completions"),
                java.util.Map.of());
        var scenario = new GatewayReport.Scenario("pinned", "pinned requests", BenchRequests.PINNED);
        var report = new GatewayReport("./gatehouse bench-gateway --clients 1", "policy.yaml", "Portkey not measured: test",
                true);
        var d = GatewayLoad.run(direct, BenchRequests.PINNED, 1, Duration.ofMillis(200));
        var g = GatewayLoad.run(endpoint, BenchRequests.PINNED, 1, Duration.ofMillis(200));
        assertThat(g.errors()).isZero();
        // the same JVM runs client and upstream on both paths: Gatehouse's own work is what its path adds
        assertThat(g.allocatedKilobytesPerRequest()).isGreaterThan(d.allocatedKilobytesPerRequest());
        assertThat(g.cpuMicrosPerRequest()).isPositive();
        report.add(scenario, 1, List.of("direct", "through Gatehouse"), List.of(d, g));
        report.decision(List.of(new GatewayReport.DecisionRow("a repeated prompt", d),
                new GatewayReport.DecisionRow("a new prompt", g)));
        String md = report.render();
        assertThat(md).contains("| 1 | direct |").contains("| 1 | through Gatehouse |").contains("CPU µs/req")
                .contains("Portkey not measured: test").contains("POST /v1/route").contains("| a repeated prompt |").contains("| a new prompt |");
        Path file = Files.createTempFile("benchmarks", ".md");
        Files.writeString(file, "# Gatehouse benchmarks\n\n<!-- bench:other -->\nkept\n<!-- /bench:other -->\n");
        report.writeInto(file);
        assertThat(Files.readString(file)).contains("kept").contains("<!-- bench:gateway -->");
    }
}
