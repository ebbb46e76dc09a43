package dev.gatehouse.router.http;

import dev.gatehouse.inference.ModelPool;
import dev.gatehouse.inference.PoolSettings;
import dev.gatehouse.manifest.Manifest;
import dev.gatehouse.manifest.ModelFormat;
import dev.gatehouse.manifest.ModelSpec;
import dev.gatehouse.manifest.ServingHints;
import dev.gatehouse.manifest.TaskKind;
import dev.gatehouse.manifest.Tier;
import io.helidon.webserver.WebServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/** A real Gatehouse server on a random port over a real pool with scripted models, and a client for it. */
final class RunningGatehouse implements AutoCloseable {

    /** Long enough never to fire in tests that do not test it. */
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

    final ModelPool pool;
    final WebServer server;
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    RunningGatehouse(ModelPool pool, WebServer server) {
        this.pool = pool;
        this.server = server;
    }

    /** Starts the pool (loading default models) and the server. */
    static RunningGatehouse start(Manifest manifest, PoolSettings settings, ScriptedLoader loader, long maxBodyBytes) {
        ModelPool pool = new ModelPool(manifest, settings, loader);
        pool.start();
        return serve(pool, maxBodyBytes);
    }

    /** Starts the server over a pool the caller manages (e.g. one that is still loading). */
    static RunningGatehouse serve(ModelPool pool, long maxBodyBytes) {
        return serve(pool, maxBodyBytes, REQUEST_TIMEOUT);
    }

    static RunningGatehouse serve(ModelPool pool, long maxBodyBytes, Duration requestTimeout) {
        WebServer server = GatehouseServer.start("127.0.0.1", 0, Components.of(pool, maxBodyBytes, requestTimeout, false));
        return new RunningGatehouse(pool, server);
    }

    /** Starts the server over a pool with the caller's components (e.g. a router with a policy and a log). */
    static RunningGatehouse serve(Components components) {
        return new RunningGatehouse(components.pool(), GatehouseServer.start("127.0.0.1", 0, components));
    }

    static ModelSpec chatSpec(String id, boolean isDefault, Integer slots, String... aliases) {
        return new ModelSpec(id, List.of(aliases), ModelFormat.GGUF, id + ".gguf", null, null, null,
                Set.of(TaskKind.CHAT), Tier.SMALL, isDefault, slots, null, null, ServingHints.NONE);
    }

    static ModelSpec embeddingSpec(String id, boolean isDefault) {
        return new ModelSpec(id, List.of(), ModelFormat.ONNX, null, "all-minilm-l6-v2", null, null,
                Set.of(TaskKind.EMBEDDINGS), Tier.SMALL, isDefault, null, null, null, ServingHints.NONE);
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    HttpResponse<String> post(String path, String json, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return send(request.build());
    }

    HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30)).GET().build());
    }

    HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop();
        pool.close();
        http.close();
    }
}
