package dev.gatehouse.router.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.inference.ModelPool;
import dev.gatehouse.inference.PoolSettings;
import dev.gatehouse.manifest.ManifestReader;
import dev.gatehouse.router.policy.PolicyReader;
import dev.gatehouse.router.reload.ConfigReload;
import dev.gatehouse.router.reload.ReloadEndpoint;
import dev.gatehouse.router.routing.RouterSetup;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code POST /v1/admin/reload} on a real server and pool: validated first, in-flight requests never cut. */
class ConfigReloadTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String MODELS = """
            models:
              - id: %s
                file: %s.gguf
                tasks: [chat]
                default: true
                slots: 1
            """;
    static final String POLICY = """
            targets:
              - id: %s
                tier: small
            """;

    @TempDir
    Path dir;
    Path manifestFile;
    Path policyFile;
    ScriptedChatModel old = ScriptedChatModel.saying(64, "a", "b", "c").holdingBefore(1);
    ScriptedChatModel fresh = ScriptedChatModel.saying(64, "new");
    RunningGatehouse gatehouse;

    @BeforeEach
    void start() throws Exception {
        manifestFile = Files.writeString(dir.resolve("models.yaml"), MODELS.formatted("old", "old"));
        policyFile = Files.writeString(dir.resolve("policy.yaml"), POLICY.formatted("old"));
        ModelPool pool = new ModelPool(ManifestReader.read(manifestFile), new PoolSettings(1, 4, Duration.ofSeconds(5),
                64), new ScriptedLoader().with("old", old).with("new", fresh));
        pool.start();
        var router = RouterSetup.build(PolicyReader.read(policyFile), policyFile.toString(), pool, 4, null, null,
                Clock.systemUTC());
        var reload = new ConfigReload(manifestFile, m -> PolicyReader.read(policyFile, Map.of()),
                policyFile.toString(), pool, router, drain -> Thread.ofVirtual().start(drain));
        var components = Components.of(pool, 1 << 20, RunningGatehouse.REQUEST_TIMEOUT, false, router);
        gatehouse = new RunningGatehouse(pool, GatehouseServer.start("127.0.0.1", 0, components,
                routes -> routes.post(ReloadEndpoint.PATH, new ReloadEndpoint(reload))));
    }

    @AfterEach
    void stop() {
        old.release();
        gatehouse.close();
    }

    @Test
    void anInvalidConfigurationIsRefusedWithEveryViolationOfBothFilesAndTheOldOneKeepsServing() throws Exception {
        Files.writeString(manifestFile, MODELS.formatted("old", "old") + "    colour: blue\n  - id: old\n");
        Files.writeString(policyFile, POLICY.formatted("ghost") + "mood: happy\n");

        var response = gatehouse.post(ReloadEndpoint.PATH, "");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        JsonNode error = JSON.readTree(response.body()).get("error");
        assertThat(error.get("code").asText()).isEqualTo("invalid_config");
        assertThat(error.get("violations").findValuesAsText("key"))
                .contains("models[0].colour", "mood").hasSizeGreaterThanOrEqualTo(3);
        assertThat(error.get("violations").findValuesAsText("file"))
                .contains(manifestFile.toString(), policyFile.toString());
        old.release();
        assertThat(chat("old").statusCode()).isEqualTo(200);
    }

    @Test
    void aModelNoLongerDeclaredFinishesItsStreamThenUnloadsAndTheNewOneServes() throws Exception {
        CompletableFuture<HttpResponse<String>> inFlight = gatehouse.http.sendAsync(chatRequest("old", true),
                HttpResponse.BodyHandlers.ofString());
        waitFor(() -> old.produced.get() == 1, "the stream to start");
        Files.writeString(manifestFile, MODELS.formatted("new", "new"));
        Files.writeString(policyFile, POLICY.formatted("new"));

        var reload = gatehouse.post(ReloadEndpoint.PATH, "");

        assertThat(reload.statusCode()).as(reload.body()).isEqualTo(200);
        JsonNode body = JSON.readTree(reload.body());
        assertThat(body.get("removed").get(0).asText()).isEqualTo("old");
        assertThat(body.get("added").get(0).asText()).isEqualTo("new");
        assertThat(old.alive()).as("a model serving a request is not closed under it").isTrue();
        assertThat(chat("old").statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(chat("new").body()).at("/choices/0/message/content").asText()).isEqualTo("new");

        old.release();
        HttpResponse<String> finished = inFlight.get();
        assertThat(finished.statusCode()).isEqualTo(200);
        assertThat(finished.body()).contains("\"c\"").endsWith("data: [DONE]\n\n");
        assertThat(old.closedEarly.get()).isZero();
        waitFor(() -> !old.alive(), "the removed model to be unloaded after its stream");
        assertThat(gatehouse.pool.status()).extracting(s -> s.spec().id()).doesNotContain("old");
    }

    private HttpResponse<String> chat(String model) {
        return gatehouse.send(chatRequest(model, false));
    }

    private HttpRequest chatRequest(String model, boolean stream) {
        return HttpRequest.newBuilder(gatehouse.uri("/v1/chat/completions")).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"" + model + "\",\"stream\":" + stream
                        + ",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
                .build();
    }

    /** Polls a condition the test expects to become true, failing after ten seconds. */
    private static void waitFor(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waiting for " + what).isLessThan(deadline);
            Thread.sleep(10);
        }
    }
}
