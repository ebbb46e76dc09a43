package dev.gatehouse.router.soak;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A short soak: the real server, the real stories260K worker, three times more clients than slots. */
class SoakTest {
    @TempDir
    Path dir;

    @Test
    void mixedTrafficAboveTheSlotCountIsServedOrShedWithNothingUnexpectedAndNoSlotLeftTaken() throws Exception {
        StringWriter log = new StringWriter();
        SoakResult result;
        try (SoakServer server = SoakServer.start(dir)) {
            result = SoakCommand.run(server, Duration.ofSeconds(12), 3 * SoakServer.SLOTS, 2, new PrintWriter(log));
        }
        result.print(new PrintWriter(log));

        assertThat(result.unexpected()).as(log.toString()).isEmpty();
        assertThat(result.served()).isPositive();
        assertThat(result.refusedAsExpected()).isPositive();
        assertThat(result.rejected().keySet()).isSubsetOf("server_overloaded");
        assertThat(result.leftInFlight()).as("slots held after every client finished (dropped streams included)")
                .isZero();
        assertThat(result.rss()).hasSize(3).allSatisfy(r -> assertThat(r.workerBytes()).isPositive());
    }
}
