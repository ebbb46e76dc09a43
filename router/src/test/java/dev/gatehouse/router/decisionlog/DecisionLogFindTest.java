package dev.gatehouse.router.decisionlog;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Looking a decision up while the server appends to the log (feedback sent the moment its response arrived). */
class DecisionLogFindTest {

    @Test
    void aLineStillBeingAppendedCountsAsNotYetLoggedAndWholeLinesAreFound(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("decisions.jsonl"), """
                {"ts":"2026-12-07T03:00:00Z","id":"whole","decision":{"target":"small"}}
                {"ts":"2026-12-07T03:00:01Z","id":"torn","decision":{"tar""");

        assertThat(DecisionLog.find(dir, "torn")).isEmpty();
        assertThat(DecisionLog.find(dir, "whole")).hasValueSatisfying(
                line -> assertThat(line.at("/decision/target").asText()).isEqualTo("small"));
    }
}
