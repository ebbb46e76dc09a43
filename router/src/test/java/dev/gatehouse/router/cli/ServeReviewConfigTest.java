package dev.gatehouse.router.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code gatehouse serve} refuses to start with review-lane settings it cannot honour, naming each key. */
class ServeReviewConfigTest {

    @TempDir
    Path dir;

    @Test
    void badQueueBoundsStopServeNamingEveryKey() throws Exception {
        ServeWithPolicy.Run run = ServeWithPolicy.serve(dir, "",
                "review:\n  maxPending: 0\n  maxKept: -1\n  defaultExpiry: 0s\n");

        assertThat(run.code()).isEqualTo(1);
        assertThat(run.err()).contains("review.maxPending: must be between 1 and 100000, was 0",
                "review.maxKept: must be between 1 and 100000, was -1",
                "review.defaultExpiry: must be positive and at most 30 days, was PT0S");
        assertThat(run.out()).doesNotContain("listening");
    }

    @Test
    void aStoreThatCannotBeAFolderStopsServeNamingTheKeyAndThePath() throws Exception {
        Path file = Files.writeString(dir.resolve("not-a-folder"), "a file where the store should be");

        ServeWithPolicy.Run run = ServeWithPolicy.serve(dir, "", "review:\n  store: " + file.resolve("reviews")
                + "\n");

        assertThat(run.code()).isEqualTo(1);
        assertThat(run.err()).contains("review.store: " + file.resolve("reviews"));
        assertThat(run.out()).doesNotContain("listening");
    }
}
