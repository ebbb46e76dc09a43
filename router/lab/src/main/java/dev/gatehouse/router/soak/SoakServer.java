package dev.gatehouse.router.soak;

import dev.gatehouse.inference.ModelPool;
import dev.gatehouse.inference.NativeModelLoader;
import dev.gatehouse.inference.PoolSettings;
import dev.gatehouse.manifest.ManifestReader;
import dev.gatehouse.router.http.Components;
import dev.gatehouse.router.http.GatehouseServer;
import dev.gatehouse.router.routing.RouterSetup;
import io.helidon.webserver.WebServer;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A real Gatehouse on loopback for the soak: the builtin stories260K in a worker process with {@link #SLOTS} slots
 * and a short queue (so a soak above the slot count meets real 429s), MiniLM in process, the built-in policy.
 */
final class SoakServer implements AutoCloseable {
    static final int SLOTS = 2;
    static final int QUEUE = 2;

    final ModelPool pool;
    private final WebServer server;

    private SoakServer(ModelPool pool, WebServer server) {
        this.pool = pool;
        this.server = server;
    }

    static SoakServer start(Path work) {
        var manifest = ManifestReader.parse("""
                models:
                  - id: stories260k
                    builtin: stories260k
                    tasks: [chat]
                    tier: small
                    default: true
                    slots: %d
                    context: 512
                """.formatted(SLOTS), "soak manifest");
        ModelPool pool = new ModelPool(manifest, new PoolSettings(SLOTS, QUEUE, Duration.ofSeconds(2), 512),
                NativeModelLoader.create(work.resolve("models"), work.resolve("run")));
        pool.start();
        WebServer server = GatehouseServer.start("127.0.0.1", 0, Components.of(pool, 1 << 20,
                Duration.ofSeconds(60), false, RouterSetup.defaults(pool, QUEUE)));
        return new SoakServer(pool, server);
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    /** The worker process of the chat model, or -1 while none runs. */
    long workerPid() {
        return pool.status().stream().filter(s -> s.spec().id().equals("stories260k")).mapToLong(s -> s.workerPid())
                .findFirst().orElse(-1);
    }

    int inFlight() {
        return pool.status().stream().mapToInt(s -> s.inFlight() + s.queued()).sum();
    }

    @Override
    public void close() {
        server.stop();
        pool.close();
    }
}
