package dev.gatehouse.router.dashboard;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

/**
 * {@code GET /v1/dashboard/events}: a {@code snapshot} event at once, then one whenever a request finishes and at
 * least every {@link #REFRESH} (hardware and queues change without requests), at most one per {@link #MIN_GAP}.
 * A stream ends after {@link #MAX_STREAM}; the browser's EventSource reconnects by itself, so no connection is held
 * forever and a server that stops is not kept waiting long.
 */
final class DashboardEvents implements Handler {

    static final Duration REFRESH = Duration.ofSeconds(1);
    static final Duration MIN_GAP = Duration.ofMillis(200);
    static final Duration MAX_STREAM = Duration.ofMinutes(5);
    private static final byte[] RETRY = "retry: 1000\n\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EVENT = "event: snapshot\ndata: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] END = "\n\n".getBytes(StandardCharsets.US_ASCII);

    private final DashboardSource source;

    DashboardEvents(DashboardSource source) {
        this.source = source;
    }

    @Override
    public void handle(ServerRequest req, ServerResponse res) {
        res.header(HeaderNames.CONTENT_TYPE, "text/event-stream");
        res.header(HeaderNames.CACHE_CONTROL, "no-cache");
        DecisionFeed feed = source.feed();
        long seen = feed.version();
        long end = System.nanoTime() + MAX_STREAM.toNanos();
        try (OutputStream out = res.outputStream()) {
            out.write(RETRY);
            while (true) {
                long sent = System.nanoTime();
                out.write(EVENT);
                // one line of JSON: an SSE data field ends at a newline
                out.write(DashboardService.bytes(DashboardJson.of(source.read(Instant.now()))));
                out.write(END);
                out.flush();
                if (sent > end) return;
                seen = feed.awaitNewerThan(seen, REFRESH);
                long early = MIN_GAP.toNanos() - (System.nanoTime() - sent);
                if (early > 0) Thread.sleep(Duration.ofNanos(early)); // a burst of requests: one update per gap
            }
        } catch (IOException | UncheckedIOException clientLeft) {
            // the page was closed or reloaded: nothing to report
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the server is stopping
        }
    }
}
