package dev.gatehouse.router.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.inference.InferenceException;
import dev.gatehouse.inference.ModelPool;
import dev.gatehouse.inference.ModelStatus;
import dev.gatehouse.router.dashboard.DashboardService;
import dev.gatehouse.router.review.ReviewLane;
import dev.gatehouse.router.review.ReviewSettings;
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
        return start(host, port, components, routes -> { });
    }

    /** @param extraRoutes routes serve adds (e.g. {@code /v1/admin/reload}), matched before the not-found catch-all */
    public static WebServer start(String host, int port, Components components,
            java.util.function.Consumer<HttpRouting.Builder> extraRoutes) {
        return WebServer.builder()
                .host(host)
                .port(port)
                // Token events are small writes; with Nagle's algorithm on, one waits for the client's delayed ACK
                // (about 40 ms on Linux) and time to first token suffers.
                .connectionOptions(socket -> socket.tcpNoDelay(true))
                .routing(routing -> routing(routing, components, extraRoutes))
                .build()
                .start();
    }

    public static void routing(HttpRouting.Builder routing, Components c) {
        routing(routing, c, routes -> { });
    }

    static void routing(HttpRouting.Builder routing, Components c,
            java.util.function.Consumer<HttpRouting.Builder> extraRoutes) {
        ModelPool pool = c.pool();
        long created = Instant.now().getEpochSecond();
        var lifecycle = new RequestLifecycleFilter(c.metrics(), c.router());
        // a policy rule may hold a chat request for a person's approval; approved ones are served without the step
        ReviewLane review = c.review() != null ? c.review() : c.reviewLane(ReviewSettings.defaults(),
                java.time.Clock.systemUTC());
        var serving = new ChatServing(pool, c.router(), c.requestTimeout(), c.logPrompts());
        var routingInput = new RoutingInput(c.router()::policy);
        routing.addFilter(lifecycle);
        if (c.access() != null) {
            routing.addFilter(c.access().filter()); // after the lifecycle: refusals get an id, a log line, metrics
        }
        routing.error(Throwable.class, lifecycle::handleError)
                .post("/v1/chat/completions", new ChatCompletionsEndpoint(serving.withReview(review), routingInput,
                        c.maxBodyBytes()))
                .post("/v1/route", new RouteEndpoint(serving.withReview(review), routingInput, c.maxBodyBytes()))
                .post("/v1/embeddings", new EmbeddingsEndpoint(pool, c.router()::policy, c.maxBodyBytes()))
                .post("/v1/feedback", new FeedbackEndpoint(c.router(), c.maxBodyBytes(), java.time.Clock.systemUTC()))
                .get("/v1/models", (req, res) -> json(res, 200, OpenAiJson.modelList(pool.status(), created)))
                .get("/v1/models/{id}", (req, res) -> json(res, 200,
                        OpenAiJson.model(status(pool, req.path().pathParameters().get("id")), created)))
                .get("/v1/pool", new PoolEndpoint(pool))
                .get("/v1/hardware", new HardwareEndpoint(c.hardware()))
                .get("/health", (req, res) -> json(res, 200, health(true, c)))
                .get("/health/live", (req, res) -> json(res, 200, health(true, c)))
                .get("/health/ready", (req, res) -> {
                    boolean ready = pool.ready();
                    json(res, ready ? 200 : 503, health(ready, c));
                })
                .get("/metrics", (req, res) -> {
                    res.header(HeaderNames.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8");
                    res.send(c.metrics().scrape().getBytes(StandardCharsets.UTF_8));
                })
                .register(new DashboardService(pool, c.router(), c.hardware(), c.metrics()))
                .register(new RolloutService(c.router()))
                .any("/v1/chat/completions", methodNotAllowed("POST"))
                .any("/v1/embeddings", methodNotAllowed("POST"))
                .any("/v1/route", methodNotAllowed("POST"))
                .any("/v1/feedback", methodNotAllowed("POST"))
                .any("/v1/models", methodNotAllowed("GET"))
                .any("/v1/pool", methodNotAllowed("GET"))
                .any("/v1/hardware", methodNotAllowed("GET"))
                .any("/health", methodNotAllowed("GET"))
                .any("/health/live", methodNotAllowed("GET"))
                .any("/health/ready", methodNotAllowed("GET"))
                .any("/metrics", methodNotAllowed("GET"))
                .any(DashboardService.PAGE, methodNotAllowed("GET"))
                .any(DashboardService.JSON, methodNotAllowed("GET"))
                .any(DashboardService.EVENTS, methodNotAllowed("GET"));
        new ReviewEndpoints(review, routingInput, c.maxBodyBytes()).register(routing);
        extraRoutes.accept(routing);
        // routes match in order: the lines above answer a known path with the wrong method
        routing.any((req, res) -> ErrorMapping.write(res, ErrorMapping.notFound(req.path().path())));
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

    private static ObjectNode health(boolean up, Components c) {
        ObjectNode root = OpenAiJson.MAPPER.createObjectNode();
        root.put("status", up ? "UP" : "DOWN");
        var models = root.putArray("models");
        for (ModelStatus s : c.pool().status()) {
            models.addObject().put("id", s.spec().id()).put("state", s.state().wireName());
        }
        if (c.access() != null) {
            c.access().describe(root); // auth mode (loud when open) and the audit log's state
        }
        c.router().decisionLog().ifPresent(log -> log.describe(root)); // a full disk shows here
        return root;
    }

    private static void json(ServerResponse res, int status, ObjectNode body) {
        res.status(status);
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.send(OpenAiJson.bytes(body));
    }
}
