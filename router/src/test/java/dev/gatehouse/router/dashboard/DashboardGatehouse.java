package dev.gatehouse.router.dashboard;

import dev.gatehouse.hardware.HardwareProbe;
import dev.gatehouse.hardware.OshiHardwareProbe;
import dev.gatehouse.inference.ModelPool;
import dev.gatehouse.inference.NativeModelLoader;
import dev.gatehouse.inference.PoolSettings;
import dev.gatehouse.manifest.ManifestReader;
import dev.gatehouse.router.capacity.PlannedModels;
import dev.gatehouse.router.escalation.FakeProvider;
import dev.gatehouse.router.http.Components;
import dev.gatehouse.router.http.GatehouseServer;
import dev.gatehouse.router.policy.Policy;
import dev.gatehouse.router.policy.PolicyReader;
import dev.gatehouse.router.routing.RequestRouter;
import dev.gatehouse.router.routing.RouterSetup;
import io.helidon.webserver.WebServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * A real Gatehouse as {@code serve} wires it: the builtin stories260K chat model in a worker process, a policy whose
 * floor the tiny model misses so public requests escalate to an approved provider (a real HTTP fake on loopback),
 * a tenant with a budget, and the caller's hardware probe. Requests that carry sensitive data stay local, which shows
 * on the dashboard as an escalation blocked by the data-class gate.
 */
final class DashboardGatehouse implements AutoCloseable {

    static final String ACME_KEY = "sk-acme-dashboard";
    /** Escalates to cloud/big (public, below the local model's quality). */
    static final String PUBLIC_PROMPT = "explain how tides work";
    /** Restricted (a card number): served by stories260k, the provider blocked by the data-class gate. */
    static final String CARD_PROMPT = "charge my card 4111 1111 1111 1111 today";

    private static final String MANIFEST = """
            models:
              - id: stories260k
                builtin: stories260k
                tasks: [chat]
                default: true
                slots: 2
                context: 512
            """;

    final FakeProvider cloud;
    final ModelPool pool;
    final WebServer server;
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private DashboardGatehouse(FakeProvider cloud, ModelPool pool, WebServer server) {
        this.cloud = cloud;
        this.pool = pool;
        this.server = server;
    }

    /** @param hardware what the server reports (dashboard, metrics); the pool places models on the live machine */
    static DashboardGatehouse start(Path dir, HardwareProbe hardware) {
        FakeProvider cloud = FakeProvider.start();
        ModelPool pool = null;
        try {
            Path models = Files.createDirectories(dir.resolve("models"));
            // placed as serve places it: the live machine and the memory estimate from the model file
            pool = new ModelPool(ManifestReader.parse(MANIFEST, "dashboard-test.yaml"),
                    new PoolSettings(2, 4, Duration.ofSeconds(30), 512),
                    NativeModelLoader.create(models, dir.resolve("run")), OshiHardwareProbe.live(), Clock.systemUTC(),
                    new PlannedModels(models)::orUnknown);
            pool.start();
            if (!pool.ready()) throw new IllegalStateException("stories260k did not load: " + pool.status());
            Policy policy = PolicyReader.parse(policy(cloud.baseUrl()), "dashboard test policy",
                    Map.of("FAKE_PROVIDER_KEY", "sk-fake-provider-key"));
            // a decision log, as serve keeps one: the cost-per-outcome panel is read from it
            var log = dev.gatehouse.router.decisionlog.DecisionLog.open(dir.resolve("decisions"), 1 << 20, 2,
                    "dashboard-test-key".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            RequestRouter router = RouterSetup.build(policy, "dashboard test policy", pool, 4, null, log,
                    Clock.systemUTC());
            var components = Components.of(pool, hardware, 1 << 20, Duration.ofSeconds(60), false, router);
            return new DashboardGatehouse(cloud, pool, GatehouseServer.start("127.0.0.1", 0, components));
        } catch (IOException e) {
            close(cloud, pool);
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            close(cloud, pool);
            throw e;
        }
    }

    private static String policy(URI cloud) {
        return """
                targets:
                  - {id: stories260k, quality: {default: 0.2}}
                floors: {default: 0.5}
                tenants:
                  - {id: acme, apiKeys: [%s]}
                budgets:
                  tenants: {acme: {daily: 5.00, monthly: 100}}
                providers:
                  - {id: cloud, kind: openai, baseUrl: '%s', apiKeyEnv: FAKE_PROVIDER_KEY, models: [big],
                     dataClasses: [public], pricePer1kInput: 0.001, pricePer1kOutput: 0.002, timeout: 5s}
                """.formatted(ACME_KEY, cloud);
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.port();
    }

    HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl() + path)).timeout(Duration.ofSeconds(30)).GET().build());
    }

    /** A short chat completion as the tenant acme (so its budget is charged when the provider answers). */
    HttpResponse<String> chat(String content) {
        String body = "{\"messages\":[{\"role\":\"user\",\"content\":\"" + content + "\"}],\"max_tokens\":8,"
                + "\"temperature\":0,\"seed\":1}";
        return send(HttpRequest.newBuilder(URI.create(baseUrl() + "/v1/chat/completions"))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + ACME_KEY)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
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
        close(cloud, pool);
        http.close();
    }

    private static void close(FakeProvider cloud, ModelPool pool) {
        if (pool != null) pool.close();
        cloud.close();
    }
}
