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
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;

/**
 * A real HTTP server on the loopback interface speaking the two npm registry requests an install makes: the version
 * document at {@code /@scope%2Fname/version} and the tarball it points to. It records every path requested.
 */
final class FakeNpmRegistry implements AutoCloseable {

    private final HttpServer server;
    private final Map<String, byte[]> tarballs = new ConcurrentHashMap<>();
    private final Map<String, String> integrities = new ConcurrentHashMap<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private volatile boolean stallTarballs;

    FakeNpmRegistry() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Serves {@code tgz} as {@code npmPackage@version} with its true integrity. */
    FakeNpmRegistry publish(String npmPackage, String version, byte[] tgz) {
        return publish(npmPackage, version, tgz, integrityOf(tgz));
    }

    /** Serves {@code tgz} but announces {@code integrity} in the version document. */
    FakeNpmRegistry publish(String npmPackage, String version, byte[] tgz, String integrity) {
        String key = npmPackage + "@" + version;
        tarballs.put(key, tgz);
        integrities.put(key, integrity);
        return this;
    }

    /** From now on, tarball responses send their headers and half the body, then stop until {@link #close()}. */
    FakeNpmRegistry stallTarballs() {
        stallTarballs = true;
        return this;
    }

    List<String> requests() {
        return List.copyOf(requests);
    }

    static String integrityOf(byte[] bytes) {
        try {
            return "sha512-" + Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-512").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getRawPath();
        requests.add(path);
        try (exchange) {
            if (path.startsWith("/tarballs/")) {
                byte[] tgz = tarballs.get(path.substring("/tarballs/".length()));
                if (tgz == null) {
                    send(exchange, 404, "{\"error\":\"not found\"}".getBytes(StandardCharsets.UTF_8));
                } else if (stallTarballs) {
                    exchange.sendResponseHeaders(200, tgz.length);
                    OutputStream body = exchange.getResponseBody();
                    body.write(tgz, 0, tgz.length / 2);
                    body.flush();
                    release.await();
                } else {
                    send(exchange, 200, tgz);
                }
                return;
            }
            // "/@node-llama-cpp%2Flinux-x64/3.22.1" -> "@node-llama-cpp/linux-x64@3.22.1"
            String[] parts = path.substring(1).split("/");
            String key = parts.length == 2 ? parts[0].replace("%2F", "/").replace("%2f", "/") + "@" + parts[1] : "";
            if (!tarballs.containsKey(key)) {
                send(exchange, 404, "{\"error\":\"version not found\"}".getBytes(StandardCharsets.UTF_8));
                return;
            }
            String document = "{\"name\":\"" + key.substring(0, key.lastIndexOf('@')) + "\",\"version\":\""
                    + parts[1] + "\",\"dist\":{\"tarball\":\"" + uri() + "/tarballs/" + key + "\",\"integrity\":\""
                    + integrities.get(key) + "\",\"shasum\":\"unused\"}}";
            send(exchange, 200, document.getBytes(StandardCharsets.UTF_8));
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
