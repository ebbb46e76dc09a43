package dev.gatehouse.router.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Portkey's AI gateway ({@code @portkey-ai/gateway} from npm, run by Node) as the peer the gateway bench compares
 * against: installed once into a cache directory with the ordinary npm client, started headless on a free loopback
 * port and pointed at the same upstream through its routing headers.
 */
final class PortkeyPeer implements AutoCloseable {
    static final String PACKAGE = "@portkey-ai/gateway";
    static final String VERSION = "1.15.2";
    private static final Duration INSTALL_DEADLINE = Duration.ofMinutes(5);
    private static final Duration START_DEADLINE = Duration.ofSeconds(60);

    private final Process process;
    private final int port;

    private PortkeyPeer(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Whether {@code node} and {@code npm} are on the PATH. */
    static boolean nodeAvailable() {
        return runs(List.of("node", "--version")) && runs(List.of("npm", "--version"));
    }

    static PortkeyPeer start(Path cacheDir, PrintWriter log) throws IOException, InterruptedException {
        Path dir = cacheDir.resolve("portkey-" + VERSION);
        Path server = dir.resolve("node_modules/@portkey-ai/gateway/build/start-server.js");
        if (!Files.exists(server)) {
            Files.createDirectories(dir);
            log.println("installing " + PACKAGE + "@" + VERSION + " into " + dir + " (once)");
            log.flush();
            Process npm = new ProcessBuilder("npm", "install", "--prefix", dir.toString(), "--no-audit", "--no-fund",
                    PACKAGE + "@" + VERSION).redirectErrorStream(true).redirectOutput(dir.resolve("npm-install.log").toFile())
                    .start();
            if (!npm.waitFor(INSTALL_DEADLINE.toSeconds(), TimeUnit.SECONDS)) {
                npm.destroyForcibly();
                throw new IOException("npm install " + PACKAGE + " took longer than " + INSTALL_DEADLINE + "; see "
                        + dir.resolve("npm-install.log"));
            }
            if (npm.exitValue() != 0 || !Files.exists(server)) {
                throw new IOException("npm install " + PACKAGE + "@" + VERSION + " failed (exit " + npm.exitValue()
                        + "); see " + dir.resolve("npm-install.log"));
            }
        }
        int port = freePort();
        Process node = new ProcessBuilder("node", server.toString(), "--port=" + port, "--headless")
                .redirectErrorStream(true).redirectOutput(dir.resolve("server.log").toFile()).start();
        var peer = new PortkeyPeer(node, port);
        long deadline = System.nanoTime() + START_DEADLINE.toNanos();
        while (!accepts(port)) {
            if (!node.isAlive() || System.nanoTime() > deadline) {
                peer.close();
                throw new IOException("Portkey's gateway did not open port " + port + " within " + START_DEADLINE
                        + (node.isAlive() ? "" : " (exited " + node.exitValue() + ")") + "; see " + dir.resolve("server.log"));
            }
            Thread.sleep(100); // polling a port that is not open yet; no event to wait on
        }
        return peer;
    }

    /** The chat endpoint, with the headers that make Portkey forward to {@code upstream} as an OpenAI server. */
    GatewayLoad.Endpoint endpoint(URI upstream) {
        return new GatewayLoad.Endpoint("through Portkey " + VERSION,
                URI.create("http://127.0.0.1:" + port + "/v1/chat/completions"),
                Map.of("x-portkey-provider", "openai", "x-portkey-custom-host", upstream.toString(),
                        "Authorization", "Bearer bench-key"), process.toHandle());
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroy);
        ChildProcessStop.stop(process, Duration.ofSeconds(5));
    }

    private static int freePort() throws IOException {
        try (var socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static boolean accepts(int port) {
        try (var socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean runs(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
