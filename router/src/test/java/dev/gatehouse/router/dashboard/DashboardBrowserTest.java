package dev.gatehouse.router.dashboard;

import static dev.gatehouse.router.dashboard.DashboardGatehouse.CARD_PROMPT;
import static dev.gatehouse.router.dashboard.DashboardGatehouse.PUBLIC_PROMPT;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.hardware.OshiHardwareProbe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard as a person sees it: Debian's Chromium opens {@code /} of a real server (builtin stories260K, a fake
 * provider on loopback) after a few requests, finds the model, the decisions, the blocked escalation and the cost,
 * then sees two new requests counted through the event stream without a reload. The screenshot is
 * {@code router/target/dashboard.png}.
 */
class DashboardBrowserTest {

    @TempDir
    Path dir;

    @Test
    void chromiumShowsTheLiveModelTheDecisionsAndCountsNewRequestsWithoutReloading() throws Exception {
        PlaywrightChromium browser = PlaywrightChromium.install();
        Path screenshot = PlaywrightChromium.target().resolve("dashboard.png");
        Files.deleteIfExists(screenshot);
        PlaywrightChromium.Run run;
        try (DashboardGatehouse gatehouse = DashboardGatehouse.start(dir, OshiHardwareProbe.live())) {
            assertThat(gatehouse.chat(PUBLIC_PROMPT).statusCode()).isEqualTo(200);
            assertThat(gatehouse.chat(CARD_PROMPT).statusCode()).isEqualTo(200);
            run = browser.dashboard(Map.of("GATEHOUSE_BASE_URL", gatehouse.baseUrl(),
                    "GATEHOUSE_SCREENSHOT", screenshot.toString(),
                    "GATEHOUSE_API_KEY", DashboardGatehouse.ACME_KEY,
                    "GATEHOUSE_LOCAL_PROMPT", CARD_PROMPT));
        }
        System.out.println("dashboard.mjs: " + run.stdout().strip());
        assertThat(run.exitCode()).as(run.describe()).isZero();
        JsonNode r = run.result();
        assertThat(r).as(run.describe()).isNotNull();
        assertThat(r.get("ok").asBoolean()).as(run.describe()).isTrue();

        assertThat(r.get("title").asText()).isEqualTo("Gatehouse");
        assertThat(r.get("status").asText()).isEqualTo("live");
        assertThat(r.get("modelRow").asText()).contains("stories260k", "llama");
        assertThat(r.get("modelState").asText()).isEqualTo("ready");
        assertThat(r.get("newestTarget").asText()).isEqualTo("stories260k");
        assertThat(r.get("decisionsShown").asInt()).isGreaterThanOrEqualTo(2);
        assertThat(r.get("blocked").asText()).contains("data_class_not_allowed");
        assertThat(r.get("pii").asText()).contains("CREDIT_CARD");
        assertThat(r.get("costTotal").asText()).isNotEqualTo("0.00").matches("\\d+\\.\\d+");
        assertThat(r.get("hardware").asText()).contains("cores", "RAM in use");
        // cost per outcome, from the decision log: the escalated request cost money at the provider's prices,
        // the card request was answered locally for nothing; all to cloud/big would have cost more
        assertThat(r.get("co_requests").asText()).isEqualTo("2");
        assertThat(r.get("co_spend").asText()).matches("\\d+\\.\\d{6}").isNotEqualTo("0.000000");
        assertThat(r.get("co_tokens").asText()).matches("[1-9]\\d* / [1-9]\\d*");
        assertThat(r.get("co_escalations").asText()).isEqualTo("1");
        assertThat(r.get("co_success").asText()).startsWith("2 of 2");
        assertThat(r.get("co_cost_per_success").asText()).matches("0\\.\\d{6}");
        assertThat(Double.parseDouble(r.get("co_cost_per_success").asText()))
                .isCloseTo(Double.parseDouble(r.get("co_spend").asText()) / 2, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(r.get("co_savings").asText()).contains("all to cloud/big").doesNotStartWith("-")
                .doesNotStartWith("0.000000");
        assertThat(r.get("chatStatus0").asInt()).isEqualTo(200);
        assertThat(r.get("chatStatus1").asInt()).isEqualTo(200);
        assertThat(r.get("localBefore").asInt()).isEqualTo(1);
        assertThat(r.get("localAfter").asInt()).as("counted through the event stream").isEqualTo(3);
        assertThat(r.get("decisionsTotal").asInt()).isEqualTo(4);
        assertThat(r.get("navigations").asInt()).as("the page was never reloaded").isEqualTo(1);
        assertThat(r.get("foreignRequests")).as("nothing loaded from another origin").isEmpty();
        assertThat(r.get("pageErrors")).as("no script errors").isEmpty();
        assertThat(screenshot).isRegularFile();
        assertThat(Files.size(screenshot)).isGreaterThan(10_000);
    }
}
