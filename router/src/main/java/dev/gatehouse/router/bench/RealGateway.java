package dev.gatehouse.router.bench;

import dev.gatehouse.inference.ModelPool;
import dev.gatehouse.inference.PoolSettings;
import dev.gatehouse.manifest.Manifest;
import dev.gatehouse.router.http.Components;
import dev.gatehouse.router.http.GatehouseServer;
import dev.gatehouse.router.policy.PolicyReader;
import dev.gatehouse.router.routing.RouterSetup;
import io.helidon.webserver.WebServer;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A real Gatehouse server whose policy approves one provider, the bench's upstream, and no local model: every
 * request runs the whole {@code /v1/chat/completions} path (parse, features with the privacy scan, the decision
 * with its gates, the escalation cap, budget reservation, the provider call through the fallback chain and guarded
 * client, cost settlement, the OpenAI answer).
 */
final class RealGateway implements AutoCloseable {

    private static final String KEY_ENV = "GATEHOUSE_BENCH_KEY";

    private final ModelPool pool;
    private final WebServer server;

    private RealGateway(ModelPool pool, WebServer server) {
        this.pool = pool;
        this.server = server;
    }

    static RealGateway start(URI upstream) {
        String policy = """
                providers:
                  - {id: bench, kind: openai, baseUrl: '%s', apiKeyEnv: %s, models: [bench-model],
                     dataClasses: [public, internal], pricePer1kInput: 0.00015, pricePer1kOutput: 0.0006,
                     timeout: 30s, maxConcurrency: 1024}
                """.formatted(upstream, KEY_ENV);
        ModelPool pool = new ModelPool(new Manifest(List.of()), new PoolSettings(1, 8, Duration.ofSeconds(5), 2048),
                (spec, slots, context) -> {
                    throw new IllegalStateException("the gateway bench has no local models");
                });
        var router = RouterSetup.build(PolicyReader.parse(policy, "bench policy", Map.of(KEY_ENV, "bench-key")),
                "bench policy", pool, 8, null, null, Clock.systemUTC());
        WebServer server = GatehouseServer.start("127.0.0.1", 0, Components.of(pool, 1 << 20, Duration.ofSeconds(60),
                false, router));
        return new RealGateway(pool, server);
    }

    URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.port() + "/v1");
    }

    @Override
    public void close() {
        server.stop();
        pool.close();
    }
}
