package dev.gatehouse.router.pools;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Polls a real HTTP endpoint speaking vLLM's and llama-server's metrics, with deadlines and a movable clock. */
class PoolPollerTest {

    static final Instant T0 = Instant.parse("2026-12-06T12:00:00Z");

    final FakeEngineMetrics engine = FakeEngineMetrics.start();
    final MovableClock clock = new MovableClock(T0);
    PoolPoller poller;

    @AfterEach
    void close() {
        if (poller != null) poller.close();
        engine.close();
    }

    PoolPoller poller(Duration timeout) {
        CapacitySource source = CapacitySource.of(CapacitySource.Kind.PROMETHEUS, engine.url())
                .withTiming(Duration.ofMinutes(1), timeout, Duration.ofSeconds(10));
        poller = new PoolPoller(Map.of("vllm", source), clock);
        return poller;
    }

    @Test
    void vllmMetricsBecomeOneEngineLoadWithoutASlotCount() {
        engine.vllm(3, 2, 0.5);

        PoolReading reading = poller(Duration.ofSeconds(10)).poll("vllm");

        assertThat(reading.lastError()).isNull();
        assertThat(reading.answeredAt()).isEqualTo(T0);
        PoolLoad load = reading.load("llama").orElseThrow();
        assertThat(load.busy()).isEqualTo(3);
        assertThat(load.waiting()).isEqualTo(2);
        assertThat(load.kvCacheUsage()).isEqualTo(0.5);
        assertThat(load.slots()).as("vLLM publishes no slot count").isEqualTo(-1);
    }

    @Test
    void llamaServerMetricsGiveProcessingAndDeferredRequests() {
        engine.llamaServer(4, 1);

        PoolLoad load = poller(Duration.ofSeconds(10)).poll("vllm").load("any").orElseThrow();

        assertThat(load.busy()).isEqualTo(4);
        assertThat(load.waiting()).isEqualTo(1);
        assertThat(load.kvCacheUsage()).as("llama-server reports no KV-cache usage").isEqualTo(-1);
    }

    @Test
    void theSeriesOfSeveralEnginesAreAddedUpAndTheirKvCacheUsageAveraged() {
        engine.text("""
                vllm:num_requests_running{pod="a"} 2
                vllm:num_requests_running{pod="b"} 3
                vllm:num_requests_waiting{pod="a"} 0
                vllm:num_requests_waiting{pod="b"} 4 1733486400000
                vllm:kv_cache_usage_perc{pod="a"} 0.2
                vllm:kv_cache_usage_perc{pod="b"} 0.6
                """);

        PoolLoad load = poller(Duration.ofSeconds(10)).poll("vllm").load("m").orElseThrow();

        assertThat(load.busy()).isEqualTo(5);
        assertThat(load.waiting()).isEqualTo(4);
        assertThat(load.kvCacheUsage()).isCloseTo(0.4, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void aPageWithoutEngineMetricsFailsThePollAndTheLastAnswerIsKept() {
        engine.vllm(1, 0, 0.1);
        PoolPoller p = poller(Duration.ofSeconds(10));
        p.poll("vllm");
        engine.text("# just a comment\nprocess_cpu_seconds_total 12.5\n");
        clock.move(Duration.ofSeconds(3));

        PoolReading reading = p.poll("vllm");

        assertThat(reading.lastError()).contains("no engine metrics").contains("vllm:num_requests_running");
        assertThat(reading.failedAt()).isEqualTo(T0.plusSeconds(3));
        assertThat(reading.answeredAt()).as("the last answer still counts until it is stale").isEqualTo(T0);
        assertThat(reading.load("m").orElseThrow().busy()).isEqualTo(1);
    }

    @Test
    void anEndpointThatDoesNotAnswerFailsThePollAtItsDeadline() {
        engine.vllm(1, 0, 0.1).hanging();
        PoolPoller p = poller(Duration.ofMillis(300));

        long start = System.nanoTime();
        PoolReading reading = p.poll("vllm");
        long tookMs = (System.nanoTime() - start) / 1_000_000;

        assertThat(reading.lastError()).contains("no answer").contains("within 300 ms");
        assertThat(reading.answeredAt()).isNull();
        assertThat(tookMs).as("the deadline bounds the poll").isBetween(250L, 3_000L);
    }

    @Test
    void aPoolNobodyListensOnIsAFailedPollNamingTheConnection() {
        engine.close();

        PoolReading reading = poller(Duration.ofSeconds(10)).poll("vllm");

        assertThat(reading.lastError()).contains("Connect").contains(engine.url().toString());
        assertThat(reading.whyStale(T0, Duration.ofSeconds(10))).contains("has not answered a capacity poll yet")
                .contains("last poll: ");
    }

    @Test
    void anAnswerLargerThanTheLimitIsCutOff() {
        engine.text("# " + "x".repeat(100_000) + "\n");
        CapacitySource source = CapacitySource.of(CapacitySource.Kind.PROMETHEUS, engine.url());
        poller = new PoolPoller(Map.of("vllm", source), clock, 64 * 1024);

        PoolReading reading = poller.poll("vllm");

        assertThat(reading.lastError()).contains("larger than 65536 bytes");
    }

    @Test
    void aReadingCountsUntilStaleAfterAndNotLonger() {
        engine.vllm(1, 0, 0.1);
        PoolReading reading = poller(Duration.ofSeconds(10)).poll("vllm");

        assertThat(reading.whyStale(T0.plusSeconds(10), Duration.ofSeconds(10))).isNull();
        assertThat(reading.whyStale(T0.plusSeconds(11), Duration.ofSeconds(10)))
                .isEqualTo("pool vllm last answered 11 s ago (stale after 10 s)");
    }

    @Test
    void startedPollingRunsInTheBackgroundOnItsOwnSchedule() throws InterruptedException {
        engine.vllm(1, 0, 0.1);
        CapacitySource source = CapacitySource.of(CapacitySource.Kind.PROMETHEUS, engine.url())
                .withTiming(Duration.ofMillis(50), Duration.ofSeconds(1), Duration.ofSeconds(10));
        poller = new PoolPoller(Map.of("vllm", source), clock).start();

        long deadline = System.nanoTime() + 10_000_000_000L;
        while (engine.scrapes() < 3 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }

        assertThat(engine.scrapes()).isGreaterThanOrEqualTo(3);
        assertThat(poller.readings().get("vllm").answeredAt()).isEqualTo(T0);
    }

    @Test
    void aGatehousePeerIsPolledAtItsPoolEndpoint() {
        assertThat(CapacitySourceReader.poolUrl(URI.create("http://10.0.0.7:8080"))).hasToString(
                "http://10.0.0.7:8080/v1/pool");
        assertThat(CapacitySourceReader.poolUrl(URI.create("http://10.0.0.7:8080/v1/"))).hasToString(
                "http://10.0.0.7:8080/v1/pool");
        assertThat(CapacitySourceReader.poolUrl(URI.create("http://gw/gatehouse/v1/pool"))).hasToString(
                "http://gw/gatehouse/v1/pool");
        assertThat(CapacitySourceReader.poolUrl(URI.create("http://gw/gatehouse"))).hasToString(
                "http://gw/gatehouse/v1/pool");
    }
}
