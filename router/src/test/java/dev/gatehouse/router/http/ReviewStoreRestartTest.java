package dev.gatehouse.router.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.inference.ModelPool;
import dev.gatehouse.inference.PoolSettings;
import dev.gatehouse.manifest.Manifest;
import dev.gatehouse.router.decisionlog.DecisionLog;
import dev.gatehouse.router.decisionlog.DecisionLogFiles;
import dev.gatehouse.router.policy.PolicyReader;
import dev.gatehouse.router.pools.MovableClock;
import dev.gatehouse.router.review.ReviewSettings;
import dev.gatehouse.router.routing.RouterSetup;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The review lane with a store, across real server restarts on random ports over a scripted pool: a held request
 * outlives the process that held it, an expired one is expired by the next, the store stays small and private, and
 * {@code /v1/route} says when a request would be held. The lane's clock is stepped by hand, so nothing waits for a
 * deadline.
 */
class ReviewStoreRestartTest {

    static final ObjectMapper JSON = new ObjectMapper();
    /** Searched for as "4111 1111": a bare "4111" turns up by chance in hashes and ids. */
    static final String CARD = "charge my card 4111 1111 1111 1111 today";
    static final String POLICY = """
            targets:
              - {id: small, quality: {default: 0.9}}
            tenants:
              - {id: acme, apiKeys: [acme-key]}
            rules:
              - name: restricted data needs a person
                when: {dataClass: [restricted]}
                review: {expiresAfter: 10m}
              - name: urgent requests need a person
                when: {priority: [fastest]}
                review: true
            """;

    @TempDir
    Path dir;
    final MovableClock clock = new MovableClock(Instant.now());
    RunningGatehouse gatehouse;
    DecisionLog log;
    Components components;

    Path store() {
        return dir.resolve("reviews");
    }

    ReviewSettings durable(int maxKept) {
        return new ReviewSettings(store(), 16, maxKept, Duration.ofMinutes(5));
    }

    void start(ReviewSettings settings) throws Exception {
        Manifest manifest = new Manifest(List.of(RunningGatehouse.chatSpec("small", true, 2)));
        ModelPool pool = new ModelPool(manifest, new PoolSettings(2, 4, Duration.ofSeconds(5), 256),
                new ScriptedLoader().with("small", ScriptedChatModel.saying(256, "approved", " answer")));
        pool.start();
        log = DecisionLog.open(dir.resolve("logs"), 1 << 20, 3, "test-key".getBytes(StandardCharsets.UTF_8));
        var policy = PolicyReader.parse(POLICY, "review store test policy");
        var router = RouterSetup.build(policy, "policy.yaml", pool, 4, null, RouterSetup.scanner(policy),
                (prompt, embedding) -> 0.3, log, Clock.systemUTC());
        components = Components.of(pool, 1 << 20, RunningGatehouse.REQUEST_TIMEOUT, false, router)
                .withReview(settings, clock);
        gatehouse = RunningGatehouse.serve(components);
    }

    void restart(ReviewSettings settings) throws Exception {
        stop();
        start(settings);
    }

    @AfterEach
    void stop() {
        if (gatehouse != null) gatehouse.close();
        if (log != null) log.close();
        gatehouse = null;
        log = null;
    }

    HttpResponse<String> chat(String content, String... headers) {
        String body = "{\"model\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":\"" + content + "\"}]}";
        return gatehouse.post("/v1/chat/completions", body, Stream.concat(
                Stream.of("Authorization", "Bearer acme-key"), Stream.of(headers)).toArray(String[]::new));
    }

    JsonNode held(String content, String... headers) throws Exception {
        var response = chat(content, headers);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return JSON.readTree(response.body());
    }

    HttpResponse<String> ticket(String id) {
        return gatehouse.send(java.net.http.HttpRequest.newBuilder(gatehouse.uri("/v1/reviews/" + id))
                .header("Authorization", "Bearer acme-key").timeout(Duration.ofSeconds(30)).GET().build());
    }

    HttpResponse<String> pollUntil(String id, Predicate<HttpResponse<String>> done) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        HttpResponse<String> r = ticket(id);
        while (!done.test(r) && System.nanoTime() < deadline) {
            Thread.onSpinWait();
            r = ticket(id);
        }
        return r;
    }

    JsonNode logLine(String decisionId) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            for (JsonNode line : DecisionLogFiles.read(dir.resolve("logs")).lines()) {
                if (line.path("id").asText().equals(decisionId)) return line;
            }
            Thread.onSpinWait();
        }
        throw new AssertionError("no decision log line for " + decisionId);
    }

    Path pendingFile(String id) {
        return store().resolve("pending").resolve(id + ".json");
    }

    @Test
    void aPendingTicketSurvivesARestartAndApprovingItAfterwardsAnswersTheRequest() throws Exception {
        start(durable(8));
        var response = chat(CARD);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        String decisionId = response.headers().firstValue("x-gatehouse-decision-id").orElseThrow();
        String id = JSON.readTree(response.body()).get("id").asText();
        assertThat(Files.readString(pendingFile(id))).as("the store keeps the request to answer it").contains(CARD);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(pendingFile(id))))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(store()))).isEqualTo("rwx------");

        restart(durable(8));

        assertThat(components.review().startupNotes().getFirst()).contains(store().toAbsolutePath().toString(),
                "1 waiting again", "0 expired");
        assertThat(ticket(id).statusCode()).as("still pending after the restart").isEqualTo(202);
        JsonNode listed = JSON.readTree(gatehouse.get("/v1/admin/reviews/" + id).body());
        assertThat(listed.at("/request/data_class").asText()).isEqualTo("restricted");
        assertThat(listed.at("/request/decision_id").asText()).isEqualTo(decisionId);

        var approved = gatehouse.post("/v1/admin/reviews/" + id + "/approve", "");
        assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);
        var answer = pollUntil(id, r -> r.statusCode() != 202);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        JsonNode completion = JSON.readTree(answer.body());
        assertThat(completion.at("/choices/0/message/content").asText()).isEqualTo("approved answer");
        assertThat(completion.at("/review/status").asText()).isEqualTo("answered");
        JsonNode line = logLine(decisionId);
        assertThat(line.at("/review/outcome").asText()).isEqualTo("approved");
        assertThat(line.at("/outcome/servedBy").asText()).isEqualTo("small");
        assertThat(line.at("/decision/features/tenant").asText()).as("its tenant found again").isEqualTo("acme");
        assertThat(pendingFile(id)).as("the prompt leaves the disk once answered").doesNotExist();

        restart(durable(8));
        var afterAnother = ticket(id);
        assertThat(afterAnother.statusCode()).as("the answer is kept for its client").isEqualTo(200);
        assertThat(JSON.readTree(afterAnother.body()).at("/choices/0/message/content").asText())
                .isEqualTo("approved answer");
        assertThat(Files.readString(store().resolve("outcomes.jsonl"))).doesNotContain("4111 1111");
    }

    @Test
    void aTicketWhoseDeadlinePassedWhileTheServerWasStoppedIsExpiredAtStartAndLogged() throws Exception {
        start(durable(8));
        var response = chat("is the weather nice", "x-gatehouse-priority", "fastest");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        JsonNode ticket = JSON.readTree(response.body());
        String id = ticket.get("id").asText();
        assertThat(ticket.get("expires_at").asLong()).as("review: true waits review.defaultExpiry")
                .isEqualTo(clock.instant().plus(Duration.ofMinutes(5)).getEpochSecond());
        String decisionId = response.headers().firstValue("x-gatehouse-decision-id").orElseThrow();

        stop();
        clock.move(Duration.ofMinutes(6));
        start(durable(8));

        assertThat(components.review().startupNotes().getFirst()).contains("0 waiting again", "1 expired");
        var shown = ticket(id);
        assertThat(shown.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(shown.body());
        assertThat(body.get("status").asText()).isEqualTo("expired");
        assertThat(body.at("/error/code").asText()).isEqualTo("review_expired");
        assertThat(gatehouse.post("/v1/admin/reviews/" + id + "/approve", "").statusCode()).isEqualTo(409);
        assertThat(pendingFile(id)).doesNotExist();
        assertThat(logLine(decisionId).at("/review/outcome").asText()).isEqualTo("expired");
        assertThat(JSON.readTree(gatehouse.get("/v1/admin/reviews").body()).get("pending").asInt()).isZero();
    }

    @Test
    void theOutcomesFileIsCompactedToTheTicketsKeptAndDecidedPromptsLeaveTheDisk() throws Exception {
        start(durable(2));
        List<String> ids = new java.util.ArrayList<>();
        for (int i = 0; i < 7; i++) {
            String id = held("card 4111 1111 1111 1111 number " + i).get("id").asText();
            ids.add(id);
            var rejected = gatehouse.post("/v1/admin/reviews/" + id + "/reject", "{\"reason\":\"no\"}");
            assertThat(rejected.statusCode()).as(rejected.body()).isEqualTo(200);
            assertThat(Files.readAllLines(store().resolve("outcomes.jsonl")).size())
                    .as("at most twice the tickets kept, plus the one that triggers the rewrite")
                    .isLessThanOrEqualTo(5);
        }
        try (var pending = Files.list(store().resolve("pending"))) {
            assertThat(pending.toList()).isEmpty();
        }

        restart(durable(2));
        JsonNode list = JSON.readTree(gatehouse.get("/v1/admin/reviews").body());
        assertThat(list.get("data").size()).isEqualTo(2);
        assertThat(list.at("/data/0/id").asText()).as("the newest kept").isEqualTo(ids.get(6));
        assertThat(list.at("/data/0/status").asText()).isEqualTo("rejected");
        assertThat(ticket(ids.get(0)).statusCode()).as("older decisions are let go").isEqualTo(404);
    }

    @Test
    void anApprovalWhoseAnswerWasNeverStoredIsAnsweredAfterTheRestartAndAnUnreadableFileIsSetAside()
            throws Exception {
        start(durable(8));
        String id = held(CARD).get("id").asText();
        stop();
        // the process stopped between storing the approval and storing the answer
        var ticket = (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(Files.readString(pendingFile(id)))
                .get("ticket");
        ticket.put("status", "APPROVED").put("decidedAt", clock.instant().toString());
        Files.writeString(store().resolve("outcomes.jsonl"), ticket + "\n", java.nio.file.StandardOpenOption.APPEND);
        Path garbage = store().resolve("pending").resolve("rev-00000000-0000-0000-0000-000000000000.json");
        Files.writeString(garbage, "{not json");

        start(durable(8));

        assertThat(components.review().startupNotes().getFirst()).contains("0 waiting again",
                "1 approved ones answered now");
        assertThat(components.review().startupNotes()).anySatisfy(n -> assertThat(n).startsWith("warning:")
                .contains(garbage.toString()));
        assertThat(garbage).doesNotExist();
        assertThat(garbage.resolveSibling(garbage.getFileName() + ".unreadable")).exists();
        var answer = pollUntil(id, r -> r.statusCode() != 202);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(JSON.readTree(answer.body()).at("/choices/0/message/content").asText())
                .isEqualTo("approved answer");
        assertThat(pendingFile(id)).doesNotExist();
    }

    @Test
    void aStoreThatCannotBeWrittenRefusesTheHoldAndTheDecisionWith503AndChangesNothing() throws Exception {
        start(durable(8));
        String id = held(CARD).get("id").asText();
        Path outcomes = store().resolve("outcomes.jsonl");
        Files.delete(outcomes);
        Files.createDirectory(outcomes); // appending to it now fails, even for root

        var approve = gatehouse.post("/v1/admin/reviews/" + id + "/approve", "");
        assertThat(approve.statusCode()).as(approve.body()).isEqualTo(503);
        assertThat(JSON.readTree(approve.body()).at("/error/code").asText()).isEqualTo("review_store_unavailable");
        assertThat(ticket(id).statusCode()).as("still waiting for a decision that can be kept").isEqualTo(202);

        Files.delete(outcomes);
        Files.createFile(outcomes);
        assertThat(gatehouse.post("/v1/admin/reviews/" + id + "/approve", "").statusCode()).isEqualTo(200);
        assertThat(pollUntil(id, r -> r.statusCode() != 202).statusCode()).isEqualTo(200);

        Path pending = store().resolve("pending");
        try (var files = Files.list(pending)) {
            for (Path f : files.toList()) Files.delete(f);
        }
        Files.delete(pending);
        Files.writeString(pending, "a file where the folder was");
        var refused = chat(CARD);
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
        assertThat(refused.body()).contains("review_store_unavailable").doesNotContain("4111 1111");
        assertThat(JSON.readTree(gatehouse.get("/v1/admin/reviews").body()).get("pending").asInt())
                .as("no ticket handed out that a restart would lose").isZero();
    }

    @Test
    void theDryRunSaysWhenARequestWouldBeHeldByWhichRuleAndWhereItWouldBeReleasedTo() throws Exception {
        start(durable(8));
        String card = "{\"model\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":\"" + CARD + "\"}]}";
        JsonNode route = JSON.readTree(gatehouse.post("/v1/route", card, "Authorization", "Bearer acme-key").body());
        assertThat(route.get("target").asText()).isEqualTo("small");
        assertThat(route.at("/review/held").asBoolean()).isTrue();
        assertThat(route.at("/review/rule").asText()).isEqualTo("restricted data needs a person");
        assertThat(route.at("/review/releasedTo/0").asText()).isEqualTo("small");
        assertThat(route.at("/review/expiresAfterSeconds").asLong()).isEqualTo(600);

        JsonNode urgent = JSON.readTree(gatehouse.post("/v1/route", card.replace(CARD, "hello"),
                "x-gatehouse-priority", "fastest").body());
        assertThat(urgent.at("/review/rule").asText()).isEqualTo("urgent requests need a person");
        assertThat(urgent.at("/review/expiresAfterSeconds").asLong()).as("review.defaultExpiry").isEqualTo(300);

        JsonNode plain = JSON.readTree(gatehouse.post("/v1/route", card.replace(CARD, "hello")).body());
        assertThat(plain.has("review")).as("answered now: nothing to say").isFalse();
        assertThat(JSON.readTree(gatehouse.get("/v1/admin/reviews").body()).get("data").size())
                .as("a dry run holds nothing").isZero();
    }

    @Test
    void withoutAStoreTheLaneSaysPendingReviewsDoNotSurviveARestartAndWritesNothing() throws Exception {
        start(new ReviewSettings(null, 16, 8, Duration.ofMinutes(5)));
        assertThat(components.review().startupNotes()).singleElement().asString()
                .contains("do not survive a restart");
        String id = held(CARD).get("id").asText();

        restart(new ReviewSettings(null, 16, 8, Duration.ofMinutes(5)));
        assertThat(ticket(id).statusCode()).isEqualTo(404);
        assertThat(store()).doesNotExist();
    }

    @Test
    void aFullQueueOfTheConfiguredSizeRefusesTheNextRequestWith503() throws Exception {
        start(new ReviewSettings(store(), 1, 8, Duration.ofMinutes(5)));
        held(CARD);
        var refused = chat(CARD);
        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(JSON.readTree(refused.body()).at("/error/code").asText()).isEqualTo("review_queue_full");
    }
}
