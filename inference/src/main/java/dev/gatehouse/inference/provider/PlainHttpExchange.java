package dev.gatehouse.inference.provider;

import io.helidon.http.HeaderNames;
import io.helidon.webclient.api.HttpClientResponse;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webclient.http1.Http1ClientRequest;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeoutException;

/**
 * A non-streaming exchange over plain HTTP/1.1, written and read on the caller's own virtual thread with Helidon's
 * blocking client. The JDK client reads every response on its selector thread and hands it back, a wake-up on each
 * side per request; on a busy machine each one can wait for a core. Measured through the gateway bench on two cores
 * (docs/BENCHMARKS.md), the hop cost about 100 µs of CPU less per request and the one-client p99 fell with it.
 *
 * <p>Only plain {@code http} goes this way: it is the hop to on-prem pools and loopback servers, where a tenth of a
 * millisecond is felt. Streams stay on {@code java.net.http}, whose subscription can be cancelled from any thread the
 * moment a client goes away; a buffered answer is read whole anyway.
 */
final class PlainHttpExchange {

    /** What came back: the status, the provider's {@code Retry-After}, and the body up to the caller's limit. */
    record Response(int status, Optional<String> retryAfter, byte[] body) {}

    /** A 2xx: an answer; anything else is a failure the caller classifies. */
    static boolean success(int status) {
        return status >= 200 && status < 300;
    }

    private final Http1Client client;

    PlainHttpExchange(Duration connectTimeout) {
        this.client = Http1Client.builder()
                .connectTimeout(connectTimeout)
                .followRedirects(false) // a redirect must not carry the key elsewhere
                .sendExpectContinue(false) // the body is small and in memory: no round trip before it
                .shareConnectionCache(false) // each provider keeps its own keep-alive connections
                .build();
    }

    /**
     * Posts the body and reads the answer, at most {@code answerLimit} bytes of a 2xx body and {@code errorLimit} of
     * any other.
     *
     * @throws TimeoutException when the deadline passes before the answer is read
     * @throws IOException      when the connection fails; the thread's interrupt flag says whether it was cancelled
     */
    Response post(URI uri, Map<String, String> headers, byte[] body, int answerLimit, int errorLimit,
            long deadlineNanos) throws IOException, TimeoutException {
        long left = deadlineNanos - System.nanoTime();
        if (left <= 0) throw new TimeoutException();
        // each read waits at most what was left when the request started; the answer of a non-streaming call comes
        // whole once generated, so one read timeout bounds the wait for it
        Http1ClientRequest request = client.post().uri(uri).readTimeout(Duration.ofNanos(left))
                .header(HeaderNames.CONTENT_TYPE, "application/json")
                .header(HeaderNames.ACCEPT, "application/json");
        headers.forEach((name, value) -> request.header(HeaderNames.create(name), value));
        HttpClientResponse response;
        try {
            response = request.submit(body);
        } catch (RuntimeException e) { // Helidon reports connection trouble unchecked, in several types
            throw timeoutOr(new IOException(e.getMessage(), e));
        }
        try (response) {
            int status = response.status().code();
            Optional<String> retryAfter = response.headers().first(HeaderNames.RETRY_AFTER);
            // at most the limit: close() then drops a connection whose body was cut short instead of reading it
            byte[] read = readBody(response.inputStream(), success(status) ? answerLimit : errorLimit,
                    response.headers().contentLength().orElse(-1));
            return new Response(status, retryAfter, read);
        } catch (IOException | RuntimeException e) {
            throw timeoutOr(new BrokenBody(e));
        }
    }

    /**
     * The body to its end or to the limit, read into a buffer the size the response announced. Helidon allocates a
     * fresh buffer of whatever size each read asks for, and {@code readNBytes} asks for 16 KiB at a time: a
     * 700-byte answer cost three 16 KiB arrays, a quarter of everything the server allocated per pinned request.
     *
     * @param announced the {@code Content-Length}, or -1 when the body is chunked
     */
    static byte[] readBody(InputStream in, int limit, long announced) throws IOException {
        // an announced length is believed only up to a bound: a provider that announces more than it sends must
        // not make every request allocate the whole limit up front
        byte[] buf = new byte[(int) Math.min(Math.min(limit, MOST_FIRST_BUFFER),
                announced >= 0 ? announced : UNANNOUNCED_FIRST_READ)];
        int n = 0;
        while (n < limit) {
            if (n == buf.length) {
                int next = in.read(); // one byte: at the announced end this finds the end without a new buffer
                if (next < 0) break;
                buf = Arrays.copyOf(buf, (int) Math.min(limit, Math.max(UNANNOUNCED_FIRST_READ, 2L * buf.length)));
                buf[n++] = (byte) next;
                continue;
            }
            int read = in.read(buf, n, buf.length - n);
            if (read < 0) break;
            n += read;
        }
        return n == buf.length ? buf : Arrays.copyOf(buf, n);
    }

    /** The first buffer for a body of unknown length; it doubles as the body grows. */
    private static final int UNANNOUNCED_FIRST_READ = 4096;
    /** The largest first buffer, whatever the length announced; a longer body grows it by doubling. */
    static final int MOST_FIRST_BUFFER = 1 << 20;

    /** The status came, the body did not: the connection failed while it was read. */
    static final class BrokenBody extends IOException {
        BrokenBody(Exception cause) {
            super(cause.getMessage(), cause);
        }
    }

    private static IOException timeoutOr(IOException e) throws TimeoutException {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SocketTimeoutException) {
                TimeoutException timeout = new TimeoutException("no answer within the read timeout");
                timeout.initCause(e);
                throw timeout;
            }
        }
        return e;
    }
}
