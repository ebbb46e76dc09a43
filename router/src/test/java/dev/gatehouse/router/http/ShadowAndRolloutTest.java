package dev.gatehouse.router.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.inference.ModelPool;
import dev.gatehouse.inference.PoolSettings;
import dev.gatehouse.manifest.Manifest;
import dev.gatehouse.router.access.AccessGate;
import dev.gatehouse.router.access.AccessSettings;
import dev.gatehouse.router.audit.AuditTrail;
import dev.gatehouse.router.cli.GatehouseCli;
import dev.gatehouse.router.decisionlog.DecisionLog;
import dev.gatehouse.router.policy.PolicyReader;
import dev.gatehouse.router.rollout.TrialReader;
import dev.gatehouse.router.routing.RouterSetup;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Try before you switch, on a real server over a scripted pool of two models: the live policy prefers {@code small},
 * the candidate {@code big} (the live one's floor rules the other out), so every log line, header and counter shows
 * which policy decided.
 */
class ShadowAndRolloutTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TENANTS = """
            floors: {default: 0.5}
            tenants:
              - {id: beta-team, tier: internal, apiKeys: [beta-key]}
              - {id: acme, apiKeys: [acme-key]}
            """;
    private static final String LIVE = """
            targets:
              - {id: small, tier: small, quality: {default: 0.9}}
              - {id: big, tier: large, quality: {default: 0.2}}
            """ + TENANTS;
    private static final String CANDIDATE = """
            targets:
              - {id: small, tier: small, quality: {default: 0.2}}
              - {id: big, tier: large, quality: {default: 0.9}}
            """ + TENANTS;
    private static final String CHAT = "{\"model\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":\"Once upon a time\"}]}";

    @TempDir
    Path dir;
    RunningGatehouse gatehouse;
    DecisionLog log;
    AuditTrail audit;
    ScriptedChatModel big;

    /** A server as serve builds it: the live policy file, its trial read from the same file, joined with the pool. */
    void start(String trialSections) throws Exception {
        Files.writeString(dir.resolve("candidate.yaml"), CANDIDATE);
        Path policyFile = dir.resolve("policy.yaml");
        Files.writeString(policyFile, LIVE + trialSections);
        Manifest manifest = new Manifest(List.of(RunningGatehouse.chatSpec("small", true, 2),
                RunningGatehouse.chatSpec("big", false, 2)));
        ModelPool pool = new ModelPool(manifest, new PoolSettings(2, 4, Duration.ofSeconds(5), 256),
                new ScriptedLoader().with("small", ScriptedChatModel.saying(256, "small"))
                        .with("big", big = ScriptedChatModel.saying(256, "big", " answer")));
        pool.start();
        log = DecisionLog.open(dir.resolve("logs"), 1 << 20, 3, "test-key".getBytes(StandardCharsets.UTF_8));
        audit = AuditTrail.open(dir.resolve("audit.jsonl"), Clock.systemUTC());
        var policy = PolicyReader.read(policyFile);
        var router = RouterSetup.build(policy, "policy.yaml", pool, 4, null, RouterSetup.scanner(policy),
                (prompt, embedding) -> 0.3, log, Clock.systemUTC()).withAudit(audit);
        router.startTrial(TrialReader.read(policyFile, Map.of())
                .completed((tried, source) -> RouterSetup.joinPool(tried, source, pool)));
        gatehouse = RunningGatehouse.serve(Components.of(pool, 1 << 20, RunningGatehouse.REQUEST_TIMEOUT, false,
                router).withAccess(AccessGate.withoutKeys(AccessSettings.Exposure.LOOPBACK_WITHOUT_KEYS, audit)));
    }

    void restart(String trialSections) throws Exception {
        stop();
        start(trialSections);
    }

    @AfterEach
    void stop() {
        if (gatehouse != null) gatehouse.close();
        if (log != null) log.close();
        if (audit != null) audit.close();
        gatehouse = null;
    }

    @Test
    void theShadowDecisionIsLoggedOnTheLiveDecisionsLineAndShownByRoute() throws Exception {
        start("shadow: {policy: candidate.yaml}\n");

        var chat = gatehouse.post("/v1/chat/completions", CHAT);
        assertThat(chat.statusCode()).isEqualTo(200);
        assertThat(chat.headers().firstValue("x-gatehouse-model")).hasValue("small"); // the shadow never serves
        JsonNode line = loggedLine(chat.headers().firstValue("x-gatehouse-decision-id").orElseThrow());
        assertThat(line.at("/decision/target").asText()).isEqualTo("small");
        assertThat(line.at("/decision/shadow/target").asText()).isEqualTo("big");
        assertThat(line.at("/decision/shadow/differs").asBoolean()).isTrue();
        assertThat(line.at("/decision/shadow/reasons/0/code").asText()).isNotEmpty();
        assertThat(line.at("/decision").has("arm")).as("no rollout, no arm").isFalse();

        JsonNode route = JSON.readTree(gatehouse.post("/v1/route", CHAT).body());
        assertThat(route.get("target").asText()).isEqualTo("small");
        assertThat(route.at("/shadow/target").asText()).isEqualTo("big");
        assertThat(gatehouse.get("/metrics").body()).contains("gatehouse_shadow_differs_total 1.0");
    }

    @Test
    void aShadowThatDiffersOnlyInToolsShowsItsToolMatchInTheLogLineAndRoute() throws Exception {
        Files.writeString(dir.resolve("with-tools.yaml"), LIVE + "tools:\n  calculator: true\n");
        start("shadow: {policy: with-tools.yaml}\n");
        String question = "{\"model\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":"
                + "\"what is 17.5% of 2,340?\"}]}";

        var chat = gatehouse.post("/v1/chat/completions", question);
        assertThat(chat.statusCode()).isEqualTo(200);
        assertThat(chat.headers().firstValue("x-gatehouse-model")).as("live has no tools").hasValue("small");
        JsonNode line = loggedLine(chat.headers().firstValue("x-gatehouse-decision-id").orElseThrow());
        assertThat(line.at("/decision/shadow/target").asText()).isEqualTo("tool/calculator");
        assertThat(line.at("/decision/shadow/differs").asBoolean()).isTrue();
        assertThat(line.at("/decision/shadow/reasons/0/code").asText()).isEqualTo("tool_exact_match");
        assertThat(line.at("/decision/shadow/fallbacks/0").asText()).as("the models behind the tool")
                .isEqualTo("small");

        JsonNode route = JSON.readTree(gatehouse.post("/v1/route", question).body());
        assertThat(route.get("target").asText()).isEqualTo("small");
        assertThat(route.at("/shadow/target").asText()).isEqualTo("tool/calculator");
        assertThat(route.at("/shadow/reasons/0/detail").asText()).contains("understood the whole request");

        JsonNode story = JSON.readTree(gatehouse.post("/v1/route", CHAT).body());
        assertThat(story.at("/shadow/target").asText()).as("no tool understands a story").isEqualTo("small");
        assertThat(story.at("/shadow/differs").asBoolean()).isFalse();
    }

    @Test
    void aSegmentTenantIsDecidedByTheCandidateAndEveryoneElseByTheLivePolicy() throws Exception {
        start("rollout: {policy: candidate.yaml, share: 0, segments: {tenants: [beta-team]}}\n");

        var beta = gatehouse.post("/v1/chat/completions", CHAT, "Authorization", "Bearer beta-key");
        var acme = gatehouse.post("/v1/chat/completions", CHAT, "Authorization", "Bearer acme-key");

        assertThat(beta.headers().firstValue("x-gatehouse-arm")).hasValue("candidate");
        assertThat(beta.headers().firstValue("x-gatehouse-model")).hasValue("big");
        assertThat(acme.headers().firstValue("x-gatehouse-arm")).hasValue("live");
        assertThat(acme.headers().firstValue("x-gatehouse-model")).hasValue("small");
        String betaId = beta.headers().firstValue("x-gatehouse-decision-id").orElseThrow();
        assertThat(loggedLine(betaId).at("/decision/arm").asText()).isEqualTo("candidate");
        assertThat(auditEntry(betaId).get("arm").asText()).isEqualTo("candidate");
    }

    @Test
    void eachArmIsCountedOnMetricsAndInTheRolloutStatusWithItsFeedback() throws Exception {
        start("rollout: {policy: candidate.yaml, share: 0, segments: {tiers: [internal]}}\n");
        var beta = gatehouse.post("/v1/chat/completions", CHAT, "Authorization", "Bearer beta-key");
        gatehouse.post("/v1/chat/completions", CHAT, "Authorization", "Bearer acme-key");
        gatehouse.post("/v1/chat/completions", CHAT, "Authorization", "Bearer acme-key");
        String betaId = beta.headers().firstValue("x-gatehouse-decision-id").orElseThrow();
        loggedLine(betaId);

        assertThat(gatehouse.post("/v1/feedback", "{\"decision_id\":\"" + betaId + "\",\"score\":0.25}")
                .statusCode()).isEqualTo(200);
        assertThat(gatehouse.post("/v1/feedback", "{\"decision_id\":\"" + betaId + "\",\"score\":0.75}")
                .statusCode()).as("a corrected score replaces the first").isEqualTo(200);

        awaitServed(3);
        String metrics = gatehouse.get("/metrics").body();
        assertThat(metrics).contains("gatehouse_rollout_requests_total{arm=\"candidate\"} 1.0",
                "gatehouse_rollout_requests_total{arm=\"live\"} 2.0",
                "gatehouse_rollout_feedback_total{arm=\"candidate\"} 2.0",
                "gatehouse_rollout_feedback_scored{arm=\"candidate\"} 1.0",
                "gatehouse_rollout_feedback_score_millionths{arm=\"candidate\"} 750000.0");
        JsonNode status = JSON.readTree(gatehouse.get("/v1/admin/rollout").body());
        assertThat(status.at("/rollout/state").asText()).isEqualTo("running");
        assertThat(status.at("/arms/candidate/meanScore").asDouble()).isEqualTo(0.75);
        assertThat(status.at("/arms/live/requests").asLong()).isEqualTo(2);

        String printed = cli("rollout", "status", "--url", gatehouse.uri("/").toString());
        assertThat(printed).contains("rollout: running, candidate candidate.yaml", "live", "candidate");
        assertThat(printed.lines().filter(l -> l.startsWith("requests")).findFirst().orElseThrow())
                .matches("requests\\s+2\\s+1");
    }

    @Test
    void theRolloutStatusAdvisesPromotingACandidateWhoseScoresClearTheQualityBar() throws Exception {
        start("rollout: {policy: candidate.yaml, share: 0, segments: {tenants: [beta-team]}, qualityBar: 0.8}\n");
        JsonNode before = JSON.readTree(gatehouse.get("/v1/admin/rollout").body());
        assertThat(before.at("/verdict/advice").asText()).isEqualTo("continue");
        assertThat(before.at("/verdict/minimumScoredPerArm").asLong()).as("1 / (1 - 0.8)").isEqualTo(5);
        assertThat(before.at("/verdict/moreScoredNeeded").asLong()).isEqualTo(10);

        for (int i = 0; i < 6; i++) {
            scored(gatehouse.post("/v1/chat/completions", CHAT, "Authorization", "Bearer beta-key"), 0.9);
            scored(gatehouse.post("/v1/chat/completions", CHAT, "Authorization", "Bearer acme-key"), 0.3);
        }
        awaitServed(12);

        JsonNode verdict = JSON.readTree(gatehouse.get("/v1/admin/rollout").body()).get("verdict");
        assertThat(verdict.get("advice").asText()).as(verdict.toString()).isEqualTo("promote");
        assertThat(verdict.at("/candidate/scored").asLong()).isEqualTo(6);
        assertThat(verdict.at("/candidate/meanScore").asDouble()).isCloseTo(0.9, within(1e-9));
        assertThat(verdict.at("/live/meanScore").asDouble()).isCloseTo(0.3, within(1e-9));
        assertThat(verdict.get("floor").asDouble()).isCloseTo(0.24, within(1e-9));
        assertThat(verdict.get("lowerBound").asDouble()).isGreaterThan(0.24);
        assertThat(verdict.at("/live/costPerRequest").asDouble()).as("local models cost nothing").isZero();
        assertThat(verdict.get("costSaving").isNull()).as("nothing to save on").isTrue();

        String printed = cli("rollout", "status", "--url", gatehouse.uri("/").toString());
        assertThat(printed).contains("verdict: promote (advice; nothing is promoted until you run promote)",
                "clears the floor 0.240 (80% of the live arm's 0.300)");
        assertThat(JSON.readTree(cli("rollout", "status", "--json", "--url", gatehouse.uri("/").toString()))
                .at("/verdict/advice").asText()).isEqualTo("promote");
        var next = gatehouse.post("/v1/chat/completions", CHAT, "Authorization", "Bearer beta-key");
        assertThat(next.headers().firstValue("x-gatehouse-arm")).as("advice only: the rollout still runs")
                .hasValue("candidate");
    }

    /** Feedback with a score for a served response, once its decision is in the log. */
    private void scored(java.net.http.HttpResponse<String> served, double score) {
        String id = served.headers().firstValue("x-gatehouse-decision-id").orElseThrow();
        loggedLine(id);
        assertThat(gatehouse.post("/v1/feedback", "{\"decision_id\":\"" + id + "\",\"score\":" + score + "}")
                .statusCode()).isEqualTo(200);
    }

    @Test
    void rollbackSendsEveryoneToLiveAndPromoteMakesTheCandidateLiveWithoutARestart() throws Exception {
        start("rollout: {policy: candidate.yaml, share: 0, segments: {tenants: [beta-team]}}\n");

        assertThat(cli("rollout", "rollback", "--url", gatehouse.uri("/").toString())).contains("rolled back");
        var beta = gatehouse.post("/v1/chat/completions", CHAT, "Authorization", "Bearer beta-key");
        assertThat(beta.headers().firstValue("x-gatehouse-arm")).hasValue("live");
        assertThat(beta.headers().firstValue("x-gatehouse-model")).hasValue("small");

        var promote = gatehouse.post("/v1/admin/rollout/promote", "");
        assertThat(promote.statusCode()).isEqualTo(200);
        var acme = gatehouse.post("/v1/chat/completions", CHAT, "Authorization", "Bearer acme-key");
        assertThat(acme.headers().firstValue("x-gatehouse-model")).hasValue("big");
        assertThat(acme.headers().firstValue("x-gatehouse-arm")).as("no rollout is left").isEmpty();

        var again = gatehouse.post("/v1/admin/rollout/promote", "");
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(JSON.readTree(again.body()).at("/error/code").asText()).isEqualTo("no_rollout");
        assertThat(adminActions(3)).contains("/v1/admin/rollout/rollback 200", "/v1/admin/rollout/promote 200",
                "/v1/admin/rollout/promote 409");
    }

    @Test
    void aRequestInFlightOnTheCandidateFinishesOnItWhenTheRolloutIsRolledBackAndPromoted() throws Exception {
        start("rollout: {policy: candidate.yaml, share: 0, segments: {tenants: [beta-team]}}\n");
        big.holdingBefore(1);
        var inFlight = gatehouse.http.sendAsync(java.net.http.HttpRequest.newBuilder(gatehouse.uri("/v1/chat/completions"))
                .header("Authorization", "Bearer beta-key").header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(CHAT)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (big.started.get() == 0 && System.nanoTime() < deadline) Thread.onSpinWait();
        assertThat(big.started.get()).as("the candidate's model started answering").isEqualTo(1);

        assertThat(gatehouse.post("/v1/admin/rollout/rollback", "").statusCode()).isEqualTo(200);
        assertThat(gatehouse.post("/v1/admin/rollout/promote", "").statusCode()).isEqualTo(200);
        big.release();

        var done = inFlight.get(10, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(done.statusCode()).isEqualTo(200);
        assertThat(done.body()).contains("big answer");
        assertThat(done.headers().firstValue("x-gatehouse-arm")).hasValue("candidate");
    }

    @Test
    void aCallersArmIsTheSameAfterARestartAndTheShareIsTakenByKey() throws Exception {
        String half = "rollout: {policy: candidate.yaml, share: 0.5, by: apiKey, salt: s1}\n";
        start(half);
        List<String> before = arms(24);
        restart(half);

        assertThat(arms(24)).isEqualTo(before);
        assertThat(before).contains("live", "candidate");
    }

    /** The arm /v1/route names for callers with keys of no tenant. */
    private List<String> arms(int callers) {
        List<String> arms = new ArrayList<>();
        for (int i = 0; i < callers; i++) {
            var route = gatehouse.post("/v1/route", CHAT, "Authorization", "Bearer caller-" + i);
            arms.add(route.headers().firstValue("x-gatehouse-arm").orElseThrow());
        }
        return arms;
    }

    private String cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = GatehouseCli.run(args, new PrintWriter(out), new PrintWriter(err), Map.of(), dir -> null);
        assertThat(code).as(err.toString()).isZero();
        return out.toString();
    }

    /** The decision log line of an id, written once its response is done (which the client may see first). */
    private JsonNode loggedLine(String id) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            var found = DecisionLog.find(log.dir(), id);
            if (found.isPresent()) return found.get();
            Thread.onSpinWait();
        }
        throw new AssertionError("no decision log line for " + id);
    }

    private JsonNode auditEntry(String id) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            for (String l : Files.readAllLines(dir.resolve("audit.jsonl"))) {
                JsonNode entry = JSON.readTree(l);
                if (id.equals(entry.path("decisionId").asText())) return entry;
            }
            Thread.onSpinWait();
        }
        throw new AssertionError("no audit entry for " + id);
    }

    /** The audit trail's admin entries as "path status", once it holds {@code count} (written after each response). */
    private List<String> adminActions(int count) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        List<String> actions = new ArrayList<>();
        while (System.nanoTime() < deadline) {
            actions.clear();
            for (String l : Files.readAllLines(dir.resolve("audit.jsonl"))) {
                JsonNode entry = JSON.readTree(l);
                if (entry.has("path")) actions.add(entry.get("path").asText() + " " + entry.get("status").asInt());
            }
            if (actions.size() >= count) return actions;
            Thread.onSpinWait();
        }
        return actions;
    }

    /** Counters move once each response is done, which the client may see first. */
    private void awaitServed(int requests) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            String metrics = gatehouse.get("/metrics").body();
            double sum = metrics.lines().filter(l -> l.startsWith("gatehouse_rollout_requests_total{"))
                    .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
            if (sum >= requests) return;
            Thread.onSpinWait();
        }
        throw new AssertionError("the rollout counters never reached " + requests);
    }
}
