package dev.gatehouse.router.dashboard;

import static dev.gatehouse.router.dashboard.DashboardGatehouse.CARD_PROMPT;
import static dev.gatehouse.router.dashboard.DashboardGatehouse.PUBLIC_PROMPT;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.hardware.OshiHardwareProbe;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard's HTTP side on a real server (builtin stories260K in a worker, a fake provider on loopback): the
 * page and its assets, the JSON snapshot and the live event stream. The browser's view is DashboardBrowserTest.
 */
class DashboardEndpointTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static DashboardGatehouse gatehouse;

    @BeforeAll
    static void start() {
        gatehouse = DashboardGatehouse.start(dir, OshiHardwareProbe.live());
    }

    @AfterAll
    static void stop() {
        if (gatehouse != null) gatehouse.close();
    }

    JsonNode snapshot() throws IOException {
        HttpResponse<String> r = gatehouse.get("/v1/dashboard");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).hasValue("application/json");
        return JSON.readTree(r.body());
    }

    @Test
    void thePageAndItsAssetsComeFromThisServerAndThePageMayLoadNothingElse() {
        HttpResponse<String> page = gatehouse.get("/");
        HttpResponse<String> script = gatehouse.get("/dashboard/dashboard.js");
        HttpResponse<String> style = gatehouse.get("/dashboard/dashboard.css");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("content-type")).hasValue("text/html; charset=utf-8");
        assertThat(page.body()).contains("<title>Gatehouse</title>", "src=\"/dashboard/dashboard.js\"",
                "href=\"/dashboard/dashboard.css\"");
        assertThat(page.headers().firstValue("content-security-policy").orElseThrow())
                .contains("default-src 'self'", "script-src 'self'").doesNotContain("unsafe");
        assertThat(script.statusCode()).isEqualTo(200);
        assertThat(script.headers().firstValue("content-type")).hasValue("text/javascript; charset=utf-8");
        assertThat(script.body()).contains("new EventSource('/v1/dashboard/events')");
        assertThat(style.headers().firstValue("content-type")).hasValue("text/css; charset=utf-8");
        for (HttpResponse<String> asset : java.util.List.of(page, script, style)) {
            assertThat(asset.body()).as("no CDN, no other origin").doesNotContain("http://", "https://", "url(//",
                    "src=\"//");
        }
    }

    @Test
    void theSnapshotShowsTheLoadedModelWithItsEngineSlotsAndMemoryAndTheMachine() throws IOException {
        JsonNode s = snapshot();

        JsonNode model = s.at("/models/0");
        assertThat(model.get("id").asText()).isEqualTo("stories260k");
        assertThat(model.get("state").asText()).isEqualTo("ready");
        assertThat(model.get("engine").asText()).isNotBlank();
        assertThat(model.get("backend").asText()).isNotBlank();
        assertThat(model.get("device").asText()).isNotBlank();
        assertThat(model.get("slots").asInt()).isEqualTo(2);
        assertThat(model.get("busy").asInt() + model.get("free").asInt()).isEqualTo(2);
        assertThat(model.get("queueLimit").asInt()).isEqualTo(4);
        assertThat(model.get("predictedBytes").asLong()).isPositive();
        assertThat(model.get("measuredBytes").asLong()).isPositive();
        assertThat(model.get("loadFailures").asLong()).isZero();
        assertThat(model.get("workerCrashes").asLong()).isZero();
        assertThat(s.at("/hardware/cpu/cores").asInt()).isPositive();
        assertThat(s.at("/hardware/memory/totalBytes").asLong()).isGreaterThan(s.at("/hardware/memory/freeBytes").asLong());
        assertThat(s.at("/hardware/gpus").isArray()).isTrue();
    }

    @Test
    void finishedRequestsShowTheirTargetsTheBlockedGateTheFindingsByTypeAndTheCostOfToday() throws IOException {
        JsonNode before = snapshot();

        HttpResponse<String> escalated = gatehouse.chat(PUBLIC_PROMPT);
        HttpResponse<String> kept = gatehouse.chat(CARD_PROMPT);
        JsonNode after = snapshot();

        assertThat(escalated.headers().firstValue("x-gatehouse-model")).as(escalated.body()).hasValue("cloud/big");
        assertThat(kept.headers().firstValue("x-gatehouse-model")).as(kept.body()).hasValue("stories260k");
        assertThat(delta(before, after, "/traffic/cloud~1big")).isEqualTo(1);
        assertThat(delta(before, after, "/traffic/stories260k")).isEqualTo(1);
        assertThat(delta(before, after, "/routedTo/provider")).isEqualTo(1);
        assertThat(delta(before, after, "/routedTo/local")).isEqualTo(1);
        assertThat(delta(before, after, "/decisionsTotal")).isEqualTo(2);
        assertThat(delta(before, after, "/escalationsBlocked/data_class_not_allowed")).isEqualTo(1);
        assertThat(delta(before, after, "/piiFindings/CREDIT_CARD")).isGreaterThanOrEqualTo(1);

        JsonNode newest = after.at("/decisions/0");
        assertThat(newest.get("target").asText()).isEqualTo("stories260k");
        assertThat(newest.get("servedBy").asText()).isEqualTo("stories260k");
        assertThat(newest.get("dataClass").asText()).isEqualTo("restricted");
        assertThat(newest.at("/findings/CREDIT_CARD").asInt()).isPositive();
        assertThat(newest.get("rejected").toString()).contains("\"target\":\"cloud/big\"",
                "\"reason\":\"data_class_not_allowed\"");
        JsonNode previous = after.at("/decisions/1");
        assertThat(previous.get("target").asText()).isEqualTo("cloud/big");
        assertThat(previous.get("routedTo").asText()).isEqualTo("provider");
        assertThat(previous.get("reasons").toString()).contains("escalated");

        String cost = JSON.readTree(escalated.body()).at("/usage/gatehouse_cost").decimalValue().toPlainString();
        assertThat(new java.math.BigDecimal(after.at("/costToday/byTarget/cloud~1big").asText())
                .subtract(new java.math.BigDecimal(before.at("/costToday/byTarget/cloud~1big").asText("0"))))
                .isEqualByComparingTo(cost);
        assertThat(after.toString()).as("no prompt text on the dashboard").doesNotContain("4111 1111", "tides");
    }

    @Test
    void theMetricsCountDecisionsByDestinationBlockedGatesFindingsAndWhatTheTenantsBudgetCommitted() {
        gatehouse.chat(PUBLIC_PROMPT);
        gatehouse.chat(CARD_PROMPT);

        String metrics = gatehouse.get("/metrics").body();

        assertThat(metrics).contains("gatehouse_decisions_total{destination=\"provider\",target=\"cloud/big\"}",
                "gatehouse_decisions_total{destination=\"local\",target=\"stories260k\"}",
                "gatehouse_escalation_blocked_total{gate=\"data_class_not_allowed\"}",
                "gatehouse_pii_findings_total{type=\"CREDIT_CARD\"}",
                "gatehouse_budget_limit{owner=\"acme\",period=\"daily\",scope=\"tenant\"} 5.0",
                "gatehouse_budget_limit{owner=\"acme\",period=\"monthly\",scope=\"tenant\"} 100.0",
                "gatehouse_model_load_failures_total{model=\"stories260k\"} 0.0",
                "gatehouse_worker_crashes_total{model=\"stories260k\"} 0.0",
                "gatehouse_queue_limit{model=\"stories260k\"} 4.0",
                "gatehouse_slots{model=\"stories260k\"} 2.0");
        java.util.regex.Matcher committed = java.util.regex.Pattern.compile(
                "gatehouse_budget_committed\\{owner=\"acme\",period=\"daily\",scope=\"tenant\"} (\\S+)").matcher(metrics);
        assertThat(committed.find()).as(metrics).isTrue();
        assertThat(Double.parseDouble(committed.group(1))).as("the escalated answer was charged to acme").isPositive();
    }

    @Test
    void aDryRunIsListedButNotCountedAsTraffic() throws IOException {
        JsonNode before = snapshot();

        HttpResponse<String> route = gatehouse.send(HttpRequest.newBuilder(URI.create(gatehouse.baseUrl() + "/v1/route"))
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"messages\":[{\"role\":\"user\",\"content\":\"" + PUBLIC_PROMPT + "\"}]}")).build());
        JsonNode after = snapshot();

        assertThat(route.statusCode()).isEqualTo(200);
        assertThat(after.at("/decisions/0/id").asText()).isEqualTo(JSON.readTree(route.body()).get("id").asText());
        assertThat(after.at("/decisions/0/dryRun").asBoolean()).isTrue();
        assertThat(delta(before, after, "/decisionsTotal")).isZero();
    }

    @Test
    void theEventStreamSendsASnapshotAtOnceAndAnotherAsSoonAsARequestFinishes() throws Exception {
        HttpResponse<Stream<String>> events = gatehouse.http.send(HttpRequest.newBuilder(
                        URI.create(gatehouse.baseUrl() + "/v1/dashboard/events")).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofLines());
        try (Stream<String> lines = events.body()) {
            assertThat(events.headers().firstValue("content-type")).hasValue("text/event-stream");
            Iterator<String> it = lines.iterator();
            JsonNode first = nextSnapshot(it);
            long total = first.get("decisionsTotal").asLong();
            assertThat(first.at("/models/0/id").asText()).isEqualTo("stories260k");

            gatehouse.chat(CARD_PROMPT);

            // the stream also refreshes every second; the request's own update must come within a bounded number
            JsonNode updated = null;
            for (int i = 0; i < 30 && updated == null; i++) {
                JsonNode next = nextSnapshot(it);
                if (next.get("decisionsTotal").asLong() == total + 1) updated = next;
            }
            assertThat(updated).as("a snapshot counting the new decision").isNotNull();
            assertThat(updated.at("/decisions/0/target").asText()).isEqualTo("stories260k");
        }
    }

    @Test
    void anotherMethodOnADashboardPathIsAMethodNotAllowedError() throws IOException {
        HttpResponse<String> r = gatehouse.send(HttpRequest.newBuilder(URI.create(gatehouse.baseUrl() + "/"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build());

        assertThat(r.statusCode()).isEqualTo(405);
        assertThat(r.headers().firstValue("allow")).hasValue("GET");
        assertThat(JSON.readTree(r.body()).at("/error/message").asText()).contains("POST");
    }

    private static JsonNode nextSnapshot(Iterator<String> lines) throws IOException {
        String event = null;
        while (lines.hasNext()) {
            String line = lines.next();
            if (line.startsWith("event: ")) event = line.substring(7);
            if (line.startsWith("data: ") && "snapshot".equals(event)) return JSON.readTree(line.substring(6));
        }
        throw new AssertionError("the event stream ended");
    }

    private static long delta(JsonNode before, JsonNode after, String pointer) {
        return after.at(pointer).asLong(0) - before.at(pointer).asLong(0);
    }
}
