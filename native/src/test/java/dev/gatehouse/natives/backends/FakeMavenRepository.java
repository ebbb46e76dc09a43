package dev.gatehouse.natives.backends;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;

/**
 * A real HTTP server on the loopback interface laid out like a Maven repository: each published file at its path
 * under {@code /maven2/}, with its {@code .sha1} beside it as Maven Central writes them. It records every path asked.
 */
final class FakeMavenRepository implements AutoCloseable {

    private final HttpServer server;
    private final Map<String, byte[]> files = new ConcurrentHashMap<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private volatile boolean stallJars;

    FakeMavenRepository() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
    }

    /** The repository root, as {@code GATEHOUSE_MAVEN_REPOSITORY} takes it. */
    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/maven2");
    }

    /** Serves {@code bytes} at {@code path} and its true SHA-1 at {@code path.sha1}. */
    FakeMavenRepository publish(String path, byte[] bytes) {
        return publish(path, bytes, hex("SHA-1", bytes) + "  " + path.substring(path.lastIndexOf('/') + 1));
    }

    /** Serves {@code bytes} at {@code path} and {@code sha1File} as the content of {@code path.sha1}. */
    FakeMavenRepository publish(String path, byte[] bytes, String sha1File) {
        files.put("/maven2/" + path, bytes);
        files.put("/maven2/" + path + ".sha1", sha1File.getBytes(StandardCharsets.US_ASCII));
        return this;
    }

    /** From now on, jar responses send their headers and half the body, then stop until {@link #close()}. */
    FakeMavenRepository stallJars() {
        stallJars = true;
        return this;
    }

    List<String> requests() {
        return List.copyOf(requests);
    }

    static String hex(String algorithm, byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getRawPath();
        requests.add(path);
        try (exchange) {
            byte[] body = files.get(path);
            if (body == null) {
                send(exchange, 404, "<html>404 Not Found</html>".getBytes(StandardCharsets.UTF_8));
            } else if (stallJars && path.endsWith(".jar")) {
                exchange.sendResponseHeaders(200, body.length);
                OutputStream out = exchange.getResponseBody();
                out.write(body, 0, body.length / 2);
                out.flush();
                release.await();
            } else {
                send(exchange, 200, body);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
    }

    @Override
    public void close() {
        release.countDown();
        server.stop(0);
    }
}
