package dev.gatehouse.router.bench;

import dev.gatehouse.inference.ModelPool;
import dev.gatehouse.inference.PoolSettings;
import dev.gatehouse.manifest.Manifest;
import dev.gatehouse.router.features.TextEmbedder;
import dev.gatehouse.router.http.Components;
import dev.gatehouse.router.http.GatehouseServer;
import dev.gatehouse.router.policy.LocalTargets;
import dev.gatehouse.router.policy.Policy;
import dev.gatehouse.router.routing.RouterSetup;
import io.helidon.webserver.WebServer;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * A real Gatehouse server as {@code serve} builds it (the shipped policy, MiniLM, the built-in difficulty model and
 * every privacy detector) whose policy approves one provider, the bench's upstream, and which has no local model:
 * every request runs the whole {@code /v1/chat/completions} path (parse, features with the privacy scan, the
 * decision with its gates, the escalation cap, budget reservation, the provider call through the fallback chain and
 * guarded client, cost settlement, the OpenAI answer). The policy's local targets are left out, as {@code serve} does
 * with a found {@code ./policy.yaml} whose models the manifest lacks.
 */
final class RealGateway implements AutoCloseable {

    private final ModelPool pool;
    private final WebServer server;

    private RealGateway(ModelPool pool, WebServer server) {
        this.pool = pool;
        this.server = server;
    }

    /** @param embedder the router's embedder (MiniLM, as serve uses), or null for the rules-only path */
    static RealGateway start(Policy shipped, String policySource, TextEmbedder embedder) {
        ModelPool pool = new ModelPool(new Manifest(List.of()), new PoolSettings(1, 8, Duration.ofSeconds(5), 2048),
                (spec, slots, context) -> {
                    throw new IllegalStateException("the gateway bench has no local models");
                });
        Policy policy = LocalTargets.leaveOutMissing(shipped, List.of()).policy();
        var router = RouterSetup.build(policy, policySource, pool, 8, embedder, null, Clock.systemUTC());
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
