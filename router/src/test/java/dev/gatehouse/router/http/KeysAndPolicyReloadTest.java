package dev.gatehouse.router.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.inference.ModelPool;
import dev.gatehouse.inference.PoolSettings;
import dev.gatehouse.manifest.ManifestReader;
import dev.gatehouse.router.access.AccessGate;
import dev.gatehouse.router.access.AccessSettings;
import dev.gatehouse.router.access.ApiKeys;
import dev.gatehouse.router.access.KeysFile;
import dev.gatehouse.router.access.TenantPolicy;
import dev.gatehouse.router.policy.PolicyReader;
import dev.gatehouse.router.reload.ConfigReload;
import dev.gatehouse.router.reload.ConfigWatch;
import dev.gatehouse.router.reload.HangupReload;
import dev.gatehouse.router.reload.ReloadEndpoint;
import dev.gatehouse.router.routing.RouterSetup;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The keys file is read again by a reload, and a reload reaches every part of a real server that uses the policy;
 * SIGHUP and a file watch run the same validated reload as {@code POST /v1/admin/reload}.
 */
class KeysAndPolicyReloadTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String MODELS = """
            models:
              - id: chat
                file: chat.gguf
                tasks: [chat]
                default: true
                slots: 1
              - id: minilm
                builtin: all-minilm-l6-v2
                format: onnx
                tasks: [embeddings]
                default: true
            """;
    static final String POLICY = """
            unknownModels: %s
            targets:
              - id: chat
                tier: small
            """;

    @TempDir
    Path dir;
    Path manifestFile;
    Path policyFile;
    Path keysFile;
    ApiKeys.NewKey admin = ApiKeys.generate();
    ApiKeys.NewKey first = ApiKeys.generate();
    ApiKeys.NewKey second = ApiKeys.generate();
    ConfigReload reload;
    RunningGatehouse gatehouse;

    @BeforeEach
    void start() throws Exception {
        manifestFile = Files.writeString(dir.resolve("models.yaml"), MODELS);
        policyFile = Files.writeString(dir.resolve("policy.yaml"), POLICY.formatted("reject"));
        keysFile = Files.writeString(dir.resolve("keys.yaml"), keys(admin, first));
        ModelPool pool = new ModelPool(ManifestReader.read(manifestFile), new PoolSettings(1, 4,
                Duration.ofSeconds(5), 64), new ScriptedLoader().with("chat", ScriptedChatModel.saying(64, "hi"))
                .with("minilm", new ScriptedEmbeddingModel()));
        pool.start();
        KeysFile keys = KeysFile.read(keysFile);
        var policy = TenantPolicy.join(PolicyReader.read(policyFile), keys, keysFile.toString());
        var router = RouterSetup.build(policy, policyFile.toString(), pool, 4, null, null, Clock.systemUTC());
        AccessGate gate = AccessGate.of(AccessSettings.Exposure.KEYS, keys, Set.of(), null, Clock.systemUTC());
        reload = new ConfigReload(manifestFile, m -> PolicyReader.read(policyFile, Map.of()), policyFile.toString(),
                pool, router, drain -> Thread.ofVirtual().start(drain)).withKeys(keysFile, gate);
        var components = Components.of(pool, 1 << 20, RunningGatehouse.REQUEST_TIMEOUT, false, router)
                .withAccess(gate);
        gatehouse = new RunningGatehouse(pool, GatehouseServer.start("127.0.0.1", 0, components,
                routes -> routes.post(ReloadEndpoint.PATH, new ReloadEndpoint(reload))));
    }

    @AfterEach
    void stop() {
        gatehouse.close();
    }

    @Test
    void aNewKeyWorksAndARemovedKeyStopsWorkingAfterAReloadWithoutARestart() throws Exception {
        assertThat(chat(first).statusCode()).isEqualTo(200);
        assertThat(chat(second).statusCode()).isEqualTo(401);
        Files.writeString(keysFile, keys(admin, second));

        var response = gatehouse.post(ReloadEndpoint.PATH, "", "Authorization", "Bearer " + admin.key());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(chat(second).statusCode()).isEqualTo(200);
        assertThat(chat(first).statusCode()).isEqualTo(401);
    }

    @Test
    void anInvalidKeysFileIsRefusedWithEveryViolationAndTheOldKeysKeepWorking() throws Exception {
        Files.writeString(keysFile, keys(admin, first).replace(first.sha256(), "not-a-hash") + "colour: blue\n");

        var response = gatehouse.post(ReloadEndpoint.PATH, "", "Authorization", "Bearer " + admin.key());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        JsonNode violations = JSON.readTree(response.body()).at("/error/violations");
        assertThat(violations.findValuesAsText("file")).containsOnly(keysFile.toString());
        assertThat(violations.findValuesAsText("key")).hasSizeGreaterThanOrEqualTo(2).contains("colour");
        assertThat(chat(first).statusCode()).isEqualTo(200);
    }

    @Test
    void aReloadedPolicyReachesTheEmbeddingsEndpoint() throws Exception {
        assertThat(embed().statusCode()).as("unknownModels: reject").isEqualTo(404);
        Files.writeString(policyFile, POLICY.formatted("auto"));

        var response = gatehouse.post(ReloadEndpoint.PATH, "", "Authorization", "Bearer " + admin.key());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(embed().statusCode()).as("unknownModels: auto, after the reload").isEqualTo(200);
    }

    @Test
    void sighupReloadsTheKeysFile() throws Exception {
        Files.writeString(keysFile, keys(admin, second));
        try (var hangup = HangupReload.install(reload)) {
            if (!hangup.listening()) {
                String why = "SKIPPED LOUDLY: this test JVM was started with SIGHUP ignored (nohup?), so a real SIGHUP"
                        + " cannot reach it; theHangupHandlerRunsTheValidatedReload still runs the handler";
                System.err.println("\n*** " + why + " ***\n");
                Assumptions.abort(why);
            }
            int rc = new ProcessBuilder("kill", "-HUP", Long.toString(ProcessHandle.current().pid())).start().waitFor();
            assertThat(rc).isZero();
            waitFor(() -> chat(second).statusCode() == 200, "the new key to work after SIGHUP");
        }
        assertThat(chat(first).statusCode()).isEqualTo(401);
    }

    @Test
    void theHangupHandlerRunsTheValidatedReload() throws Exception {
        Files.writeString(keysFile, keys(admin, second));
        try (var hangup = HangupReload.install(reload)) {
            hangup.hangUp();
            waitFor(() -> chat(second).statusCode() == 200, "the new key to work after the hangup handler ran");
        }
        assertThat(chat(first).statusCode()).isEqualTo(401);
    }

    @Test
    void savingTheKeysFileReloadsItWhenWatched() throws Exception {
        try (var watch = ConfigWatch.start(List.of(manifestFile, policyFile, keysFile), reload)) {
            Files.writeString(keysFile, keys(admin, second));
            waitFor(() -> chat(second).statusCode() == 200, "the new key to work after the save");
        }
        assertThat(chat(first).statusCode()).isEqualTo(401);
    }

    private static String keys(ApiKeys.NewKey... keys) {
        StringBuilder s = new StringBuilder("tenants:\n  acme: {}\nkeys:\n");
        for (ApiKeys.NewKey k : keys) {
            s.append("  - id: \"").append(k.id()).append("\"\n    tenant: acme\n    sha256: ").append(k.sha256())
                    .append("\n    admin: true\n    created: 2026-12-06T00:00:00Z\n");
        }
        return s.toString();
    }

    private HttpResponse<String> chat(ApiKeys.NewKey key) {
        return gatehouse.post("/v1/chat/completions",
                "{\"model\":\"chat\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                "Authorization", "Bearer " + key.key());
    }

    private HttpResponse<String> embed() {
        return gatehouse.post("/v1/embeddings", "{\"model\":\"no-such-model\",\"input\":\"hello\"}",
                "Authorization", "Bearer " + admin.key());
    }

    /** Polls a condition the test expects to become true, failing after ten seconds. */
    private static void waitFor(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waiting for " + what).isLessThan(deadline);
            Thread.sleep(50);
        }
    }
}
