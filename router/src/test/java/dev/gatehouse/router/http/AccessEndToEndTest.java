package dev.gatehouse.router.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.router.pools.MovableClock;
import dev.gatehouse.inference.ModelPool;
import dev.gatehouse.inference.PoolSettings;
import dev.gatehouse.manifest.Manifest;
import dev.gatehouse.router.access.AccessGate;
import dev.gatehouse.router.access.AccessSettings;
import dev.gatehouse.router.access.ApiKeys;
import dev.gatehouse.router.access.KeysFile;
import dev.gatehouse.router.access.RateLimit;
import dev.gatehouse.router.access.StoredKey;
import dev.gatehouse.router.access.TenantAccess;
import dev.gatehouse.router.access.TenantPolicy;
import dev.gatehouse.router.access.View;
import dev.gatehouse.router.policy.Policy;
import dev.gatehouse.router.policy.PolicyReader;
import dev.gatehouse.router.privacy.DataClass;
import dev.gatehouse.router.routing.RouterSetup;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A real server on a random port with a keys file: who gets in, what each key may do, and how its limits answer.
 * The rate limits run on a clock the test steps.
 */
class AccessEndToEndTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String POLICY = """
            targets:
              - id: tiny
                tier: small
                quality: {default: 0.5}
              - id: other
                tier: medium
                quality: {default: 0.9}
            """;
    static final String CHAT = "{\"messages\":[{\"role\":\"user\",\"content\":\"hello there\"}],\"max_tokens\":4}";

    final MovableClock clock = new MovableClock(Instant.parse("2026-12-06T12:00:00Z"));
    final ApiKeys.NewKey acme = ApiKeys.generate();
    final ApiKeys.NewKey bulk = ApiKeys.generate();
    final ApiKeys.NewKey ops = ApiKeys.generate();
    final ScriptedChatModel tiny = ScriptedChatModel.saying(256, "a", " b", " c", " d");
    final ScriptedChatModel other = ScriptedChatModel.saying(256, "other");
    RunningGatehouse gatehouse;

    @BeforeEach
    void start() {
        var tenants = new LinkedHashMap<String, TenantAccess>();
        tenants.put("acme", new TenantAccess("acme", "premium", DataClass.CONFIDENTIAL, List.of("tiny"), null,
                new RateLimit(3, null, 1)));
        tenants.put("bulk", new TenantAccess("bulk", "standard", null, List.of(), null, new RateLimit(null, 2, null)));
        tenants.put("ops", TenantAccess.named("ops"));
        KeysFile keys = new KeysFile(tenants, List.of(
                new StoredKey(acme.id(), "acme", acme.sha256(), false, null),
                new StoredKey(bulk.id(), "bulk", bulk.sha256(), false, null),
                new StoredKey(ops.id(), "ops", ops.sha256(), true, null)));
        Manifest manifest = new Manifest(List.of(RunningGatehouse.chatSpec("tiny", true, 2),
                RunningGatehouse.chatSpec("other", true, 1)));
        ModelPool pool = new ModelPool(manifest, new PoolSettings(2, 4, Duration.ofSeconds(5), 256),
                new ScriptedLoader().with("tiny", tiny).with("other", other));
        pool.start();
        Policy policy = TenantPolicy.join(PolicyReader.parse(POLICY, "test policy"), keys, "keys.yaml");
        var router = RouterSetup.build(policy, "test policy", pool, 4, null, RouterSetup.scanner(policy),
                (prompt, embedding) -> 0.3, null, Clock.systemUTC());
        AccessGate gate = AccessGate.of(AccessSettings.Exposure.KEYS, keys, Set.of(View.METRICS), null, clock);
        gatehouse = RunningGatehouse.serve(Components.of(pool, 1 << 20, RunningGatehouse.REQUEST_TIMEOUT, false,
                router).withAccess(gate));
    }

    @AfterEach
    void stop() {
        tiny.release();
        gatehouse.close();
    }

    HttpResponse<String> get(String path, ApiKeys.NewKey key) {
        var b = HttpRequest.newBuilder(gatehouse.uri(path)).timeout(Duration.ofSeconds(30)).GET();
        if (key != null) b.header("Authorization", "Bearer " + key.key());
        return gatehouse.send(b.build());
    }

    HttpResponse<String> post(String path, String body, ApiKeys.NewKey key) {
        return key == null ? gatehouse.post(path, body) : gatehouse.post(path, body, "Authorization",
                "Bearer " + key.key());
    }

    static JsonNode error(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body()).get("error");
    }

    @Test
    void aRequestWithoutAKeyGets401InOpenAiShape() throws Exception {
        var response = post("/v1/chat/completions", CHAT, null);
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("www-authenticate")).hasValueSatisfying(v ->
                assertThat(v).startsWith("Bearer"));
        assertThat(response.headers().firstValue("x-gatehouse-request-id")).isPresent();
        JsonNode error = error(response);
        assertThat(error.get("type").asText()).isEqualTo("invalid_request_error");
        assertThat(error.get("code").asText()).isEqualTo("missing_api_key");
        assertThat(error.has("param")).isTrue();
        assertThat(tiny.started.get()).isZero();
    }

    @Test
    void aWrongKeyGets401WithoutItsTextEchoed() throws Exception {
        String wrong = "ghk_" + acme.id() + "_" + "A".repeat(43);
        var response = gatehouse.post("/v1/chat/completions", CHAT, "Authorization", "Bearer " + wrong);
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(error(response).get("code").asText()).isEqualTo("invalid_api_key");
        assertThat(response.body()).doesNotContain(wrong);
        var huge = gatehouse.post("/v1/chat/completions", CHAT, "Authorization", "Bearer " + "k".repeat(5000));
        assertThat(huge.statusCode()).isEqualTo(401);
        assertThat(huge.body().length()).isLessThan(300);
    }

    @Test
    void aValidKeyIsServed() {
        var response = post("/v1/chat/completions", CHAT, acme);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).contains("a b c d");
    }

    @Test
    void theTenantsDataClassAndAllowedTargetsReachTheDecision() throws Exception {
        JsonNode decision = JSON.readTree(post("/v1/route", CHAT, acme).body());
        assertThat(decision.get("dataClass").asText()).isEqualTo("confidential");
        assertThat(decision.at("/features/declaredDataClass").asText()).isEqualTo("confidential");
        assertThat(decision.at("/features/tenant").asText()).isEqualTo("acme");
        assertThat(decision.get("target").asText()).isEqualTo("tiny");
        assertThat(decision.get("rejected").toString()).contains("\"target\":\"other\"",
                "\"reason\":\"rule_requires_other\"");

        // another tenant without a list may reach the better model, and its requests start as the header says
        JsonNode open = JSON.readTree(post("/v1/route", CHAT, bulk).body());
        assertThat(open.get("target").asText()).isEqualTo("other");
        assertThat(open.get("dataClass").asText()).isEqualTo("public");
    }

    @Test
    void aPinnedTargetOutsideTheTenantsListIsRefused() throws Exception {
        var response = post("/v1/chat/completions",
                "{\"model\":\"other\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", acme);
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(error(response).get("message").asText()).contains("allowed targets");
        assertThat(other.started.get()).isZero();
    }

    @Test
    void poolAndHardwareViewsNeedAnAdminKeyAndMetricsWereOpenedByConfig() throws Exception {
        var asTenant = get("/v1/pool", acme);
        assertThat(asTenant.statusCode()).isEqualTo(403);
        assertThat(error(asTenant).get("type").asText()).isEqualTo("permission_error");
        assertThat(error(asTenant).get("code").asText()).isEqualTo("admin_scope_required");
        assertThat(get("/v1/pool", ops).statusCode()).isEqualTo(200);
        assertThat(get("/v1/hardware", null).statusCode()).isEqualTo(401);
        assertThat(get("/v1/hardware", acme).statusCode()).isEqualTo(403);

        var metrics = get("/metrics", null);
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("gatehouse_access_refused_total{status=\"401\"} 1.0",
                "gatehouse_access_refused_total{status=\"403\"} 2.0");
    }

    @Test
    void poolChangesNeedAnAdminKey() {
        assertThat(post("/v1/pool/tiny/unload", "{}", acme).statusCode()).isEqualTo(403);
        // with an admin key the request gets through to routing (no such route in this build: 404)
        assertThat(post("/v1/pool/tiny/unload", "{}", ops).statusCode()).isNotIn(401, 403);
    }

    @Test
    void healthNeedsNoKeyAndSaysKeysAreRequired() throws Exception {
        var health = get("/health", null);
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(health.body()).get("auth").asText()).isEqualTo("keys");
        assertThat(get("/health/ready", null).statusCode()).isEqualTo(200);
    }

    @Test
    void requestsPerMinuteRunOutWith429AndRetryAfterUntilTheClockMoves() throws Exception {
        for (int i = 0; i < 3; i++) assertThat(get("/v1/models", acme).statusCode()).isEqualTo(200);
        var limited = get("/v1/models", acme);
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("retry-after")).hasValue("20");
        assertThat(error(limited).get("type").asText()).isEqualTo("rate_limit_error");
        assertThat(error(limited).get("code").asText()).isEqualTo("requests_per_minute_exceeded");
        assertThat(get("/v1/models", ops).statusCode()).as("other keys are not limited by it").isEqualTo(200);

        clock.move(Duration.ofSeconds(20));
        assertThat(get("/v1/models", acme).statusCode()).isEqualTo(200);
    }

    @Test
    void tokensOfAnAnswerCountAgainstTheKeysTokensPerMinute() throws Exception {
        // 2 prompt words + 1 piece of "other" = 3 tokens against 2 a minute
        var first = post("/v1/chat/completions", CHAT, bulk);
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.headers().firstValue("x-gatehouse-model")).hasValue("other");
        var limited = post("/v1/chat/completions", CHAT, bulk);
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(error(limited).get("code").asText()).isEqualTo("tokens_per_minute_exceeded");
        assertThat(limited.headers().firstValue("retry-after")).hasValue("60"); // from -1 to 1 at 2 a minute

        clock.move(Duration.ofSeconds(59));
        assertThat(post("/v1/chat/completions", CHAT, bulk).statusCode()).isEqualTo(429);
        clock.move(Duration.ofSeconds(1));
        assertThat(post("/v1/chat/completions", CHAT, bulk).statusCode()).isEqualTo(200);
    }

    @Test
    void aSecondConcurrentStreamOfAKeyIsRefusedUntilTheFirstEnds() throws Exception {
        tiny.holdingBefore(1);
        String stream = "{\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
        CompletableFuture<HttpResponse<String>> first = CompletableFuture.supplyAsync(() ->
                post("/v1/chat/completions", stream, acme));
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (tiny.started.get() == 0 && System.nanoTime() < deadline) Thread.onSpinWait();
        assertThat(tiny.started.get()).as("the first stream started").isEqualTo(1);

        var second = post("/v1/chat/completions", stream, acme);
        assertThat(second.statusCode()).isEqualTo(429);
        assertThat(error(second).get("code").asText()).isEqualTo("concurrency_limit_exceeded");
        assertThat(second.headers().firstValue("retry-after")).hasValue("1");
        assertThat(post("/v1/chat/completions", stream, bulk).statusCode()).as("another key streams").isEqualTo(200);

        tiny.release();
        assertThat(first.get().statusCode()).isEqualTo(200);
        assertThat(first.get().body()).contains("[DONE]");
        assertThat(post("/v1/chat/completions", stream, acme).statusCode()).isEqualTo(200);
    }
}
