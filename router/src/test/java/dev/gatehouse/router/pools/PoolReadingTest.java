package dev.gatehouse.router.pools;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** What a reading says about a target: which load stands for it and when that load is full. */
class PoolReadingTest {

    static final String PEER_POOL = """
            {"models":[
              {"id":"stories","state":"ready","slots":2,"inFlight":2,"queued":1,"queueLimit":4,"context":512,
               "loadMillis":300,"tasks":["chat"]},
              {"id":"qwen","state":"unloaded","slots":4,"inFlight":0,"queued":0,"queueLimit":4,"context":4096,
               "loadMillis":-1,"tasks":["chat"]},
              {"id":"minilm","state":"ready","slots":1,"inFlight":1,"queued":9,"queueLimit":9,"tasks":["embeddings"]}
            ]}""";

    static List<PoolLoad> peer() {
        return GatehousePoolJson.read(PEER_POOL.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aPeerModelStandsForTheTargetThatNamesIt() {
        PoolLoad stories = PoolReading.none("peer").answered(PoolPollerTest.T0, peer()).load("stories").orElseThrow();

        assertThat(stories.state()).isEqualTo(PoolLoad.State.READY);
        assertThat(stories.slots()).isEqualTo(2);
        assertThat(stories.busy()).isEqualTo(2);
        assertThat(stories.waiting()).isEqualTo(1);
        assertThat(stories.waitLimit()).isEqualTo(4);
    }

    @Test
    void autoStandsForThePeersChatModelsTogetherAndLeavesEmbeddingsOut() {
        PoolLoad auto = PoolReading.none("peer").answered(PoolPollerTest.T0, peer()).load("auto").orElseThrow();

        assertThat(auto.slots()).isEqualTo(6);
        assertThat(auto.busy()).isEqualTo(2);
        assertThat(auto.waiting()).isEqualTo(1);
        assertThat(auto.state()).as("the best state of the models").isEqualTo(PoolLoad.State.READY);
    }

    @Test
    void aPeerAnswerWithoutModelsIsNoReading() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> GatehousePoolJson.read("{\"data\":[]}".getBytes()))
                .hasMessageContaining("no 'models' list");
    }

    record FullCase(String name, PoolLoad load, CapacitySource source, String full) {
        @Override
        public String toString() {
            return name;
        }
    }

    static final CapacitySource ENGINE = CapacitySource.of(CapacitySource.Kind.PROMETHEUS,
            java.net.URI.create("http://vllm:8000/metrics"));
    static final CapacitySource PEER = CapacitySource.of(CapacitySource.Kind.GATEHOUSE,
            java.net.URI.create("http://peer:8080/v1/pool"));

    static Stream<FullCase> fullness() {
        PoolLoad busyPeer = new PoolLoad("m", PoolLoad.State.READY, true, 2, 2, 4, 4, -1, 0, -1);
        return Stream.of(
                new FullCase("a peer with a free slot is not full",
                        new PoolLoad("m", PoolLoad.State.READY, true, 2, 1, 0, 4, -1, 0, -1), PEER, null),
                new FullCase("a peer with its slots busy and its queue at its own limit is full", busyPeer, PEER,
                        "all 2 slots busy and 4 waiting (queue limit 4)"),
                new FullCase("a peer with busy slots and room in its queue is not full",
                        new PoolLoad("m", PoolLoad.State.READY, true, 2, 2, 3, 4, -1, 0, -1), PEER, null),
                new FullCase("maxWaiting below the peer's own limit counts first",
                        new PoolLoad("m", PoolLoad.State.READY, true, 2, 2, 0, 4, -1, 0, -1),
                        new CapacitySource(PEER.kind(), PEER.url(), PEER.every(), PEER.timeout(), PEER.staleAfter(),
                                0, 0.95), "all 2 slots busy and 0 waiting (queue limit 0)"),
                new FullCase("an engine with nothing waiting is not full", PoolLoad.engine(40, 0, 0.5), ENGINE, null),
                new FullCase("an engine with maxWaiting requests waiting is full", PoolLoad.engine(40, 8, 0.5),
                        ENGINE, "40 running and 8 waiting (limit 8)"),
                new FullCase("an engine whose KV cache is at the limit is full", PoolLoad.engine(40, 0, 0.97), ENGINE,
                        "KV cache 97% used (limit 95%)"));
    }

    @ParameterizedTest
    @MethodSource("fullness")
    void fullIsJudgedFromTheLoadAndTheSourcesLimits(FullCase c) {
        assertThat(c.load.whyFull(c.source)).isEqualTo(c.full);
    }

    @Test
    void aFailedPollAfterAnAnswerSaysSoInTheStaleReason() {
        PoolReading reading = PoolReading.none("vllm").answered(PoolPollerTest.T0, List.of(PoolLoad.engine(1, 0, 0.1)))
                .failed(PoolPollerTest.T0.plusSeconds(30), "ConnectException (http://vllm:8000/metrics)");

        assertThat(reading.whyStale(PoolPollerTest.T0.plusSeconds(30), Duration.ofSeconds(10))).isEqualTo(
                "pool vllm last answered 30 s ago (stale after 10 s); last poll: ConnectException "
                        + "(http://vllm:8000/metrics)");
    }
}
