package dev.gatehouse.router.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.inference.InferenceException;
import dev.gatehouse.inference.ModelPool;
import dev.gatehouse.inference.ModelStatus;
import dev.gatehouse.router.serving.ChatServing;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/** The HTTP surface of Gatehouse: every route in {@link #routing}, which tests share. */
public final class GatehouseServer {

    private GatehouseServer() {}

    /** Starts a server on {@code host:port} (port 0 picks a free one). */
    public static WebServer start(String host, int port, Components components) {
        return WebServer.builder()
                .host(host)
                .port(port)
                // Token events are small writes; with Nagle's algorithm on, one waits for the client's delayed ACK
                // (about 40 ms on Linux) and time to first token suffers.
                .connectionOptions(socket -> socket.tcpNoDelay(true))
                .routing(routing -> routing(routing, components))
                .build()
                .start();
    }

    public static void routing(HttpRouting.Builder routing, Components c) {
        ModelPool pool = c.pool();
        long created = Instant.now().getEpochSecond();
        var lifecycle = new RequestLifecycleFilter(c.metrics(), c.router());
        var serving = new ChatServing(pool, c.router(), c.requestTimeout(), c.logPrompts());
        var routingInput = new RoutingInput(c.router().policy());
        routing.addFilter(lifecycle)
                .error(Throwable.class, lifecycle::handleError)
                .post("/v1/chat/completions", new ChatCompletionsEndpoint(serving, routingInput, c.maxBodyBytes()))
                .post("/v1/route", new RouteEndpoint(serving, routingInput, c.maxBodyBytes()))
                .post("/v1/embeddings", new EmbeddingsEndpoint(pool, c.router().policy(), c.maxBodyBytes()))
                .get("/v1/models", (req, res) -> json(res, 200, OpenAiJson.modelList(pool.status(), created)))
                .get("/v1/models/{id}", (req, res) -> json(res, 200,
                        OpenAiJson.model(status(pool, req.path().pathParameters().get("id")), created)))
                .get("/v1/pool", new PoolEndpoint(pool))
                .get("/v1/hardware", new HardwareEndpoint(c.hardware()))
                .get("/health/live", (req, res) -> json(res, 200, health(true, pool)))
                .get("/health/ready", (req, res) -> {
                    boolean ready = pool.ready();
                    json(res, ready ? 200 : 503, health(ready, pool));
                })
                .get("/metrics", (req, res) -> {
                    res.header(HeaderNames.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8");
                    res.send(c.metrics().scrape().getBytes(StandardCharsets.UTF_8));
                })
                .any("/v1/chat/completions", methodNotAllowed("POST"))
                .any("/v1/embeddings", methodNotAllowed("POST"))
                .any("/v1/route", methodNotAllowed("POST"))
                .any("/v1/models", methodNotAllowed("GET"))
                .any("/v1/pool", methodNotAllowed("GET"))
                .any("/v1/hardware", methodNotAllowed("GET"))
                .any("/health/live", methodNotAllowed("GET"))
                .any("/health/ready", methodNotAllowed("GET"))
                .any("/metrics", methodNotAllowed("GET"))
                // routes match in order: the lines above answer a known path with the wrong method
                .any((req, res) -> ErrorMapping.write(res, ErrorMapping.notFound(req.path().path())));
    }

    /** The model answering to an id or alias, as {@code GET /v1/models/{id}} (the OpenAI client's retrieve) wants it. */
    private static ModelStatus status(ModelPool pool, String name) {
        return pool.status().stream().filter(s -> s.spec().answersTo(name)).findFirst()
                .orElseThrow(() -> new InferenceException(InferenceException.Kind.MODEL_NOT_FOUND,
                        "The model '" + name + "' does not exist"));
    }

    private static Handler methodNotAllowed(String allowed) {
        return (req, res) -> {
            res.header(HeaderNames.ALLOW, allowed);
            ErrorMapping.write(res, ErrorMapping.methodNotAllowed(req.prologue().method().text(),
                    req.path().path(), allowed));
        };
    }

    private static ObjectNode health(boolean up, ModelPool pool) {
        ObjectNode root = OpenAiJson.MAPPER.createObjectNode();
        root.put("status", up ? "UP" : "DOWN");
        var models = root.putArray("models");
        for (ModelStatus s : pool.status()) {
            models.addObject().put("id", s.spec().id()).put("state", s.state().wireName());
        }
        return root;
    }

    private static void json(ServerResponse res, int status, ObjectNode body) {
        res.status(status);
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.send(OpenAiJson.bytes(body));
    }
}
