package dev.gatehouse.router.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.hardware.OshiHardwareProbe;
import dev.gatehouse.inference.ModelPool;
import dev.gatehouse.inference.NativeModelLoader;
import dev.gatehouse.inference.PoolSettings;
import dev.gatehouse.manifest.ManifestReader;
import dev.gatehouse.router.access.AccessGate;
import dev.gatehouse.router.access.AccessSettings;
import dev.gatehouse.router.access.ApiKeys;
import dev.gatehouse.router.access.KeysFile;
import dev.gatehouse.router.access.StoredKey;
import dev.gatehouse.router.access.TenantAccess;
import dev.gatehouse.router.access.TenantPolicy;
import dev.gatehouse.router.audit.AuditTrail;
import dev.gatehouse.router.audit.AuditVerifier;
import dev.gatehouse.router.decisionlog.DecisionLog;
import dev.gatehouse.router.decisionlog.DecisionLogFiles;
import dev.gatehouse.router.policy.Policy;
import dev.gatehouse.router.policy.PolicyReader;
import dev.gatehouse.router.routing.RouterSetup;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import dev.gatehouse.router.feedback.FeedbackLog;

/**
 * The human-review lane behind a real server with keys: the builtin stories260K answers in a worker process, a rule
 * holds restricted requests for review and another (urgent ones) expires after a second. A client key sends, an
 * admin key decides; the decision log and the audit trail are real files.
 */
class ReviewLaneEndToEndTest {

    static final ObjectMapper JSON = new ObjectMapper();
    /** Searched for as "4111 1111": a bare "4111" turns up by chance in hashes and ids. */
    static final String CARD = "charge my card 4111 1111 1111 1111 today";
    static final String POLICY = """
            targets:
              - {id: stories, quality: {default: 0.5}}
              - {id: stories-2, quality: {default: 0.45}}
            rules:
              - name: restricted data needs a person
                when: {dataClass: [restricted]}
                review: {expiresAfter: 10m}
              - name: urgent requests wait briefly
                when: {priority: [fastest]}
                review: {expiresAfter: 1s}
            """;

    @TempDir
    static Path dir;
    static RunningGatehouse gatehouse;
    static AuditTrail audit;
    static final ApiKeys.NewKey client = ApiKeys.generate();
    static final ApiKeys.NewKey other = ApiKeys.generate();
    static final ApiKeys.NewKey ops = ApiKeys.generate();
    static final ApiKeys.NewKey rival = ApiKeys.generate();

    @BeforeAll
    static void start() throws Exception {
        var tenants = new LinkedHashMap<String, TenantAccess>();
        tenants.put("acme", TenantAccess.named("acme"));
        tenants.put("ops", TenantAccess.named("ops"));
        tenants.put("beta", TenantAccess.named("beta"));
        KeysFile keys = new KeysFile(tenants, List.of(
                new StoredKey(client.id(), "acme", client.sha256(), false, null),
                new StoredKey(other.id(), "acme", other.sha256(), false, null),
                new StoredKey(ops.id(), "ops", ops.sha256(), true, null),
                new StoredKey(rival.id(), "beta", rival.sha256(), false, null)));
        Path models = Files.createDirectories(dir.resolve("models"));
        ModelPool pool = new ModelPool(ManifestReader.parse("""
                models:
                  - {id: stories, builtin: stories260k, tasks: [chat], default: true, slots: 2, context: 512}
                  - {id: stories-2, builtin: stories260k, tasks: [chat], slots: 1, context: 512}
                """, "review-test.yaml"), new PoolSettings(2, 4, Duration.ofSeconds(60), 256),
                NativeModelLoader.create(models, dir.resolve("run")));
        pool.start();
        Policy policy = TenantPolicy.join(PolicyReader.parse(POLICY, "review test policy"), keys, "keys.yaml");
        audit = AuditTrail.open(dir.resolve("audit.jsonl"), Clock.systemUTC());
        var log = DecisionLog.open(dir.resolve("decisions"), 1 << 20, 2,
                "review-test-key".getBytes(StandardCharsets.UTF_8));
        var router = RouterSetup.build(policy, "review test policy", pool, 4, null, RouterSetup.scanner(policy),
                (prompt, embedding) -> 0.3, log, Clock.systemUTC()).withAudit(audit);
        AccessGate gate = AccessGate.of(AccessSettings.Exposure.KEYS, keys, Set.of(), audit, Clock.systemUTC());
        gatehouse = RunningGatehouse.serve(Components.of(pool, OshiHardwareProbe.live(), 1 << 20,
                RunningGatehouse.REQUEST_TIMEOUT, false, router).withAccess(gate));
    }

    @AfterAll
    static void stop() {
        if (gatehouse != null) gatehouse.close();
        if (audit != null) audit.close();
    }

    static HttpResponse<String> send(String method, String path, String body, ApiKeys.NewKey key,
            String... headers) {
        var b = HttpRequest.newBuilder(gatehouse.uri(path)).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + key.key()).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) b.headers(headers);
        return gatehouse.send(b.build());
    }

    static String chat(String content) {
        return "{\"messages\":[{\"role\":\"user\",\"content\":\"" + content + "\"}],\"max_tokens\":8,"
                + "\"temperature\":0,\"seed\":1}";
    }

    /** Sends a request the restricted rule holds; returns the 202's ticket. */
    static JsonNode held(String content, String... headers) throws Exception {
        var response = send("POST", "/v1/chat/completions", chat(content), client, headers);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        JsonNode ticket = JSON.readTree(response.body());
        assertThat(ticket.get("object").asText()).isEqualTo("chat.completion.review");
        assertThat(ticket.get("status").asText()).isEqualTo("pending");
        assertThat(response.headers().firstValue("location")).hasValue(ticket.get("url").asText());
        return ticket;
    }

    /** Polls the client's ticket until it leaves the waiting states (or fails the test after 60 s). */
    static HttpResponse<String> pollUntil(String url, Predicate<HttpResponse<String>> done) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        HttpResponse<String> r = send("GET", url, null, client);
        while (!done.test(r) && System.nanoTime() < deadline) {
            Thread.onSpinWait();
            r = send("GET", url, null, client);
        }
        return r;
    }

    /** The decision log line of an id once it is written (lines are written after responses). */
    static JsonNode logLine(String id) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            for (JsonNode line : DecisionLogFiles.read(dir.resolve("decisions")).lines()) {
                if (line.path("id").asText().equals(id)) return line;
            }
            Thread.onSpinWait();
        }
        throw new AssertionError("no decision log line for " + id);
    }

    @Test
    void aRestrictedRequestIsHeldAndAnsweredByTheRealModelOnceAnAdminApproves() throws Exception {
        var response = send("POST", "/v1/chat/completions", chat(CARD), client);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        String decisionId = response.headers().firstValue("x-gatehouse-decision-id").orElseThrow();
        JsonNode ticket = JSON.readTree(response.body());
        String id = ticket.get("id").asText();
        assertThat(ticket.get("rule").asText()).isEqualTo("restricted data needs a person");
        assertThat(send("GET", ticket.get("url").asText(), null, client).statusCode()).isEqualTo(202);

        var list = send("GET", "/v1/admin/reviews", null, ops);
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.body()).doesNotContain("4111 1111").doesNotContain("charge my card");
        JsonNode listed = find(JSON.readTree(list.body()).get("data"), id);
        assertThat(listed.get("status").asText()).isEqualTo("pending");
        JsonNode request = listed.get("request");
        assertThat(request.get("data_class").asText()).isEqualTo("restricted");
        assertThat(request.get("finding_types").toString()).contains("CREDIT_CARD");
        assertThat(request.get("proposed_target").asText()).isEqualTo("stories");
        assertThat(request.get("prompt_tokens").asInt()).isPositive();
        assertThat(request.has("prompt")).as("no prompt text without logPrompts").isFalse();

        var approved = send("POST", "/v1/admin/reviews/" + id + "/approve", null, ops);
        assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);
        assertThat(JSON.readTree(approved.body()).get("reviewer").get("tenant").asText()).isEqualTo("ops");

        var answer = pollUntil(ticket.get("url").asText(), r -> r.statusCode() != 202);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        JsonNode completion = JSON.readTree(answer.body());
        assertThat(completion.get("object").asText()).isEqualTo("chat.completion");
        assertThat(completion.get("model").asText()).isEqualTo("stories");
        assertThat(completion.get("choices").get(0).get("message").get("content").asText()).isNotBlank();
        assertThat(completion.get("usage").get("completion_tokens").asInt()).isBetween(1, 8);
        assertThat(completion.get("review").get("status").asText()).isEqualTo("answered");

        JsonNode line = logLine(decisionId);
        assertThat(line.get("outcome").get("servedBy").asText()).isEqualTo("stories");
        assertThat(line.get("outcome").get("status").asInt()).isEqualTo(200);
        JsonNode review = line.get("review");
        assertThat(review.get("outcome").asText()).isEqualTo("approved");
        assertThat(review.get("reviewerTenant").asText()).isEqualTo("ops");
        assertThat(review.get("reviewerKeyId").asText()).isEqualTo(ops.id());
        assertThat(review.get("decidedAt").asText()).isNotBlank();
        assertThat(DecisionLogFiles.read(dir.resolve("decisions")).lines().stream()
                .filter(l -> l.path("id").asText().equals(decisionId)).count())
                .as("one line per request, written when it was decided").isEqualTo(1);

        String trail = Files.readString(dir.resolve("audit.jsonl"));
        assertThat(trail).contains("/v1/admin/reviews/" + id + "/approve").contains(ops.id())
                .doesNotContain("4111 1111");
        assertThat(AuditVerifier.verify(dir.resolve("audit.jsonl")).intact()).isTrue();
        assertThat(send("POST", "/v1/admin/reviews/" + id + "/reject", null, ops).statusCode())
                .as("a decided request cannot be decided again").isEqualTo(409);
    }

    @Test
    void anAdminCanApproveARequestToAnotherTargetAndTheOverrideIsRecordedAsFeedback() throws Exception {
        JsonNode ticket = held("refund card 4111 1111 1111 1111 please");
        String id = ticket.get("id").asText();
        var unknown = send("POST", "/v1/admin/reviews/" + id + "/approve", "{\"target\": \"gpt-" + "x".repeat(300)
                + "\"}", ops);
        assertThat(unknown.statusCode()).as(unknown.body()).isEqualTo(400);
        assertThat(JSON.readTree(unknown.body()).at("/error/param").asText()).isEqualTo("target");
        assertThat(unknown.body()).contains("stories, stories-2").doesNotContain("xxxx");
        assertThat(JSON.readTree(send("GET", "/v1/admin/reviews/" + id, null, ops).body()).get("status").asText())
                .as("a refused override decides nothing").isEqualTo("pending");

        var approved = send("POST", "/v1/admin/reviews/" + id + "/approve", "{\"target\": \"stories-2\"}", ops);
        assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);
        assertThat(JSON.readTree(approved.body()).get("routed_to").asText()).isEqualTo("stories-2");

        var answer = pollUntil(ticket.get("url").asText(), r -> r.statusCode() != 202);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(JSON.readTree(answer.body()).get("model").asText()).isEqualTo("stories-2");
        Path feedback = dir.resolve("decisions").resolve(FeedbackLog.FILE);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!(Files.exists(feedback) && Files.readString(feedback).contains("override"))
                && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        JsonNode judged = JSON.readTree(Files.readString(feedback).lines().filter(l -> l.contains("stories-2"))
                .reduce((a, b) -> b).orElseThrow());
        assertThat(judged.get("preferred_target").asText()).isEqualTo("stories-2");
        assertThat(judged.get("label").asText()).isEqualTo("override");
        assertThat(judged.get("by").asText()).isEqualTo("ops");
        JsonNode line = logLine(judged.get("decision_id").asText());
        assertThat(line.get("outcome").get("servedBy").asText()).isEqualTo("stories-2");
        assertThat(line.get("review").get("outcome").asText()).isEqualTo("approved");
    }

    @Test
    void feedbackOnAnotherTenantsDecisionIsA404UnlessTheKeyIsAnAdmins() throws Exception {
        var answered = send("POST", "/v1/chat/completions", chat("Once upon a time"), client);
        assertThat(answered.statusCode()).as(answered.body()).isEqualTo(200);
        String id = answered.headers().firstValue("x-gatehouse-decision-id").orElseThrow();
        logLine(id);
        String judgement = "{\"decision_id\": \"" + id + "\", \"score\": 0}";

        var fromRival = send("POST", "/v1/feedback", judgement, rival);
        assertThat(fromRival.statusCode()).as(fromRival.body()).isEqualTo(404);
        assertThat(JSON.readTree(fromRival.body()).at("/error/param").asText()).isEqualTo("decision_id");
        assertThat(send("POST", "/v1/feedback", judgement, other).statusCode()).as("another key of acme").isEqualTo(200);
        assertThat(send("POST", "/v1/feedback", judgement, ops).statusCode()).as("an admin key").isEqualTo(200);
        assertThat(FeedbackLog.read(dir.resolve("decisions")).get(id).by()).isEqualTo("ops");
    }

    @Test
    void aRejectedRequestShowsTheReasonOnItsTicketAndInTheDecisionLog() throws Exception {
        JsonNode ticket = held("pay 4111 1111 1111 1111 now");
        String id = ticket.get("id").asText();
        var rejected = send("POST", "/v1/admin/reviews/" + id + "/reject", "{\"reason\":\"not for this tenant\"}",
                ops);
        assertThat(rejected.statusCode()).as(rejected.body()).isEqualTo(200);

        var shown = send("GET", ticket.get("url").asText(), null, client);
        assertThat(shown.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(shown.body());
        assertThat(body.get("status").asText()).isEqualTo("rejected");
        assertThat(body.get("reason").asText()).isEqualTo("not for this tenant");
        assertThat(body.get("error").get("code").asText()).isEqualTo("review_rejected");
        assertThat(body.get("reviewer").get("key_id").asText()).isEqualTo(ops.id());

        JsonNode line = logLine(decisionIdOf(id));
        assertThat(line.get("outcome").get("servedBy").isNull()).isTrue();
        assertThat(line.get("outcome").get("error").asText()).isEqualTo("review_rejected");
        assertThat(line.get("review").get("outcome").asText()).isEqualTo("rejected");
        assertThat(line.get("review").get("reviewerTenant").asText()).isEqualTo("ops");
        assertThat(line.get("review").get("reason").asText()).isEqualTo("not for this tenant");
    }

    @Test
    void aRequestNobodyDecidesExpiresVisiblyAndIsLogged() throws Exception {
        JsonNode ticket = held("is the weather nice", "x-gatehouse-priority", "fastest");
        assertThat(ticket.get("rule").asText()).isEqualTo("urgent requests wait briefly");
        String id = ticket.get("id").asText();
        var expired = pollUntil(ticket.get("url").asText(), r -> r.statusCode() != 202);
        JsonNode body = JSON.readTree(expired.body());
        assertThat(body.get("status").asText()).isEqualTo("expired");
        assertThat(body.get("error").get("code").asText()).isEqualTo("review_expired");
        assertThat(send("POST", "/v1/admin/reviews/" + id + "/approve", null, ops).statusCode())
                .as("too late to approve").isEqualTo(409);
        JsonNode line = logLine(decisionIdOf(id));
        assertThat(line.get("review").get("outcome").asText()).isEqualTo("expired");
        assertThat(line.get("review").get("reviewerTenant").isNull()).isTrue();
        String metrics = send("GET", "/metrics", null, ops).body();
        assertThat(metrics).contains("gatehouse_reviews_decided_total{outcome=\"expired\"}")
                .contains("gatehouse_reviews_pending");
    }

    @Test
    void clientKeysGet403OnTheAdminEndpointsAndCannotSeeAnotherKeysTicket() throws Exception {
        JsonNode ticket = held("my card 4111 1111 1111 1111");
        String id = ticket.get("id").asText();
        for (var call : List.of(List.of("GET", "/v1/admin/reviews"), List.of("GET", "/v1/admin/reviews/" + id),
                List.of("POST", "/v1/admin/reviews/" + id + "/approve"),
                List.of("POST", "/v1/admin/reviews/" + id + "/reject"))) {
            var response = send(call.get(0), call.get(1), null, client);
            assertThat(response.statusCode()).as(call + " " + response.body()).isEqualTo(403);
            assertThat(JSON.readTree(response.body()).get("error").get("code").asText())
                    .isEqualTo("admin_scope_required");
        }
        var foreign = send("GET", ticket.get("url").asText(), null, other);
        assertThat(foreign.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(foreign.body()).get("error").get("code").asText()).isEqualTo("review_not_found");
        assertThat(send("GET", ticket.get("url").asText(), null, client).statusCode()).as("still pending")
                .isEqualTo(202);
        var tooLong = send("POST", "/v1/admin/reviews/" + id + "/reject",
                "{\"reason\":\"" + "x".repeat(5000) + "\"}", ops);
        assertThat(tooLong.statusCode()).isEqualTo(400);
        JsonNode error = JSON.readTree(tooLong.body()).get("error");
        assertThat(error.get("param").asText()).isEqualTo("reason");
        assertThat(tooLong.body()).doesNotContain("x".repeat(100));
        assertThat(send("GET", "/v1/admin/reviews/rev-nope", null, ops).statusCode()).isEqualTo(404);
    }

    @Test
    void theReviewCommandListsApprovesAndRejectsOnTheRunningServer() throws Exception {
        String approveId = held("card 4111 1111 1111 1111 please").get("id").asText();
        String rejectId = held("refund 4111 1111 1111 1111").get("id").asText();
        String url = "http://127.0.0.1:" + gatehouse.server.port();

        var listed = cli("review", "list", "--url", url, "--key", ops.key());
        assertThat(listed.code()).as(listed.err()).isZero();
        assertThat(listed.out()).contains(approveId, rejectId, "restricted", "CREDIT_CARD", "stories")
                .doesNotContain("4111 1111");
        var asClient = cli("review", "list", "--url", url, "--key", client.key());
        assertThat(asClient.code()).isEqualTo(1);
        assertThat(asClient.err()).contains("HTTP 403");

        var approved = cli("review", "approve", approveId, "--url", url, "--key", ops.key());
        assertThat(approved.code()).as(approved.err()).isZero();
        assertThat(approved.out()).contains(approveId + " approved", "/v1/reviews/" + approveId);
        var rejected = cli("review", "reject", rejectId, "--reason", "no refunds by chat", "--url", url, "--key",
                ops.key());
        assertThat(rejected.code()).as(rejected.err()).isZero();
        assertThat(JSON.readTree(send("GET", "/v1/reviews/" + rejectId, null, client).body()).get("reason").asText())
                .isEqualTo("no refunds by chat");
        assertThat(pollUntil("/v1/reviews/" + approveId, r -> r.statusCode() != 202).statusCode()).isEqualTo(200);

        var again = cli("review", "reject", rejectId, "--url", url, "--key", ops.key());
        assertThat(again.code()).isEqualTo(1);
        assertThat(again.err()).contains("HTTP 409", "rejected already");
    }

    record CliRun(int code, String out, String err) {}

    static CliRun cli(String... args) {
        var out = new java.io.StringWriter();
        var err = new java.io.StringWriter();
        int code = dev.gatehouse.router.cli.GatehouseCli.run(args, new java.io.PrintWriter(out),
                new java.io.PrintWriter(err), java.util.Map.of(), models -> {
                    throw new AssertionError("review loads no models");
                });
        return new CliRun(code, out.toString(), err.toString());
    }

    /** The decision id of a ticket, as an admin sees it. */
    static String decisionIdOf(String ticketId) throws Exception {
        var one = send("GET", "/v1/admin/reviews/" + ticketId, null, ops);
        return JSON.readTree(one.body()).get("request").get("decision_id").asText();
    }

    static JsonNode find(JsonNode data, String id) {
        for (JsonNode t : data) if (t.get("id").asText().equals(id)) return t;
        throw new AssertionError("ticket " + id + " not listed in " + data);
    }
}
