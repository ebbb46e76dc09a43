package dev.gatehouse.router.decisionlog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.router.privacy.DataClass;
import dev.gatehouse.router.features.Priority;
import dev.gatehouse.router.features.RequestFeatures;
import dev.gatehouse.router.policy.Decision;
import dev.gatehouse.router.policy.CapacitySnapshot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Lines are written by the log's own thread, after the request that recorded them has moved on; whoever reads the
 * log through it sees every line recorded before the read.
 */
class DecisionLogWriterTest {

    @Test
    void aLineJustRecordedIsFoundThroughTheLogAndCountedOnItsHealth(@TempDir Path dir) {
        try (DecisionLog log = DecisionLog.open(dir, 1 << 20, 2, new byte[32])) {
            for (int i = 0; i < 200; i++) {
                log.append(decision("d" + i), Outcome.dryRun(1), "hmac");
                assertThat(log.find("d" + i)).as("line d" + i).isPresent();
            }
            assertThat(log.state().written()).isEqualTo(200);
        }
    }

    @Test
    void closingWritesEveryRecordedLineInTheOrderRecorded(@TempDir Path dir) throws Exception {
        try (DecisionLog log = DecisionLog.open(dir, 1 << 30, 2, new byte[32])) {
            for (int i = 0; i < 5_000; i++) log.append(decision("d" + i), Outcome.dryRun(1), "hmac");
        }

        List<String> lines = Files.readAllLines(dir.resolve(DecisionLog.CURRENT));
        assertThat(lines).hasSize(5_000);
        assertThat(IntStream.range(0, lines.size()).allMatch(i -> lines.get(i).contains("\"id\":\"d" + i + "\"")))
                .as("in the order recorded").isTrue();
    }

    @Test
    void syncReturnsOnceEveryLineRecordedBeforeItIsWritten(@TempDir Path dir) throws Exception {
        try (DecisionLog log = DecisionLog.open(dir, 1 << 30, 2, new byte[32])) {
            for (int i = 0; i < 1_000; i++) log.append(decision("d" + i), Outcome.dryRun(1), "hmac");

            assertThat(log.sync(Duration.ofSeconds(10))).isTrue();
            assertThat(Files.readAllLines(dir.resolve(DecisionLog.CURRENT))).hasSize(1_000);
        }
    }

    @Test
    void aLineRecordedAfterCloseIsNotWrittenAndDoesNotHang(@TempDir Path dir) throws Exception {
        DecisionLog log = DecisionLog.open(dir, 1 << 20, 2, new byte[32]);
        log.append(decision("before"), Outcome.dryRun(1), "hmac");
        log.close();
        log.append(decision("after"), Outcome.dryRun(1), "hmac");

        assertThat(log.sync(Duration.ofSeconds(1))).isTrue();
        assertThat(DecisionLog.find(dir, "before")).isPresent();
        assertThat(DecisionLog.find(dir, "after")).isEmpty();
    }

    private static Decision decision(String id) {
        RequestFeatures f = RequestFeatures.of("coding", 0.5, DataClass.PUBLIC, 10)
                .withRequest(new RequestFeatures.Requested(id, null, Priority.BALANCED, null));
        return new Decision(id, "small", List.of(), List.of(), List.of(), List.of(), 0, 0, null, f,
                new CapacitySnapshot(Instant.parse("2026-12-07T10:00:00Z"), Map.of(), Map.of()));
    }
}
