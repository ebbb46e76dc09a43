package dev.gatehouse.router.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real HTTP server on loopback serving one model file at {@code /model.gguf} the way Hugging Face's CDN does
 * (Range requests answered with 206 and Content-Range), which can also misbehave on request: cut the connection after
 * some bytes, stop sending, ignore ranges. Everything else is a 404.
 */
final class ModelFileServer implements AutoCloseable {
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-");

    final byte[] body;
    final List<String> rangesAsked = new CopyOnWriteArrayList<>();
    /** The next response drops the connection after this many body bytes (-1: send everything). */
    volatile int cutAfter = -1;
    /** The next response sends this many bytes and then waits for {@link #release} before sending nothing more. */
    volatile int stallAfter = -1;
    volatile boolean ignoreRanges;
    final CountDownLatch release = new CountDownLatch(1);
    private final HttpServer server;

    ModelFileServer(byte[] body) throws IOException {
        this.body = body;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/model.gguf");
    }

    URI missing() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/no-such-model.gguf");
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!exchange.getRequestURI().getPath().equals("/model.gguf")) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            String range = exchange.getRequestHeaders().getFirst("Range");
            rangesAsked.add(range == null ? "none" : range);
            int from = 0;
            Matcher m = RANGE.matcher(range == null ? "" : range);
            if (m.matches() && !ignoreRanges) {
                from = Integer.parseInt(m.group(1));
                if (from >= body.length) {
                    exchange.getResponseHeaders().add("Content-Range", "bytes */" + body.length);
                    exchange.sendResponseHeaders(416, -1);
                    return;
                }
                exchange.getResponseHeaders().add("Content-Range",
                        "bytes " + from + "-" + (body.length - 1) + "/" + body.length);
                exchange.sendResponseHeaders(206, body.length - from);
            } else {
                exchange.sendResponseHeaders(200, body.length);
            }
            OutputStream out = exchange.getResponseBody();
            int cut = cutAfter;
            int stall = stallAfter;
            cutAfter = -1;
            stallAfter = -1;
            if (cut >= 0) {
                out.write(body, from, cut);
                out.flush();
                // closing the exchange short of Content-Length makes the server drop the connection
                return;
            }
            if (stall >= 0) {
                out.write(body, from, stall);
                out.flush();
                release.await();
                return;
            }
            out.write(body, from, body.length - from);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        release.countDown();
        server.stop(0);
    }
}
