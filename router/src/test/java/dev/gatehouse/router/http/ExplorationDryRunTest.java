package dev.gatehouse.router.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.inference.ModelPool;
import dev.gatehouse.inference.PoolSettings;
import dev.gatehouse.manifest.Manifest;
import dev.gatehouse.router.policy.PolicyReader;
import dev.gatehouse.router.routing.RouterSetup;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Exploration is drawn from the decision id, and the decision id is the client's {@code x-request-id}: a dry run
 * ({@code /v1/route}) with the same id shows the draw the chat request gets. Real server, two loaded scripted models.
 */
class ExplorationDryRunTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String POLICY = """
            targets:
              - {id: small, tier: small, quality: {default: 0.9}}
              - {id: big, tier: large, quality: {default: 0.8}}
            floors: {default: 0.1}
            learnedRouter: {explore: 0.5}
            """;
    private static final String CHAT = "{\"model\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":\"Once upon a time\"}]}";

    RunningGatehouse gatehouse;

    @AfterEach
    void stop() {
        if (gatehouse != null) gatehouse.close();
    }

    @Test
    void aDryRunWithTheRequestsOwnIdShowsTheExplorationDrawThatRequestGets() throws Exception {
        Manifest manifest = new Manifest(List.of(RunningGatehouse.chatSpec("small", true, 2),
                RunningGatehouse.chatSpec("big", false, 2)));
        ModelPool pool = new ModelPool(manifest, new PoolSettings(2, 4, Duration.ofSeconds(5), 256),
                new ScriptedLoader().with("small", ScriptedChatModel.saying(256, "small"))
                        .with("big", ScriptedChatModel.saying(256, "big")));
        pool.start();
        var policy = PolicyReader.parse(POLICY, "policy.yaml");
        var router = RouterSetup.build(policy, "policy.yaml", pool, 4, null, RouterSetup.scanner(policy),
                (prompt, embedding) -> 0.3, null, Clock.systemUTC());
        gatehouse = RunningGatehouse.serve(Components.of(pool, 1 << 20, RunningGatehouse.REQUEST_TIMEOUT, false,
                router));
        for (String model : List.of("small", "big")) { // exploration never costs a load: both must be loaded
            assertThat(gatehouse.post("/v1/chat/completions", CHAT.replace("auto", model)).statusCode())
                    .isEqualTo(200);
        }

        Set<String> served = new HashSet<>();
        int explored = 0;
        for (int i = 0; i < 24; i++) {
            String id = "explore-check-" + i;
            JsonNode route = JSON.readTree(gatehouse.post("/v1/route", CHAT, "x-request-id", id).body());
            var chat = gatehouse.post("/v1/chat/completions", CHAT, "x-request-id", id);
            assertThat(chat.statusCode()).isEqualTo(200);
            assertThat(chat.headers().firstValue("x-gatehouse-decision-id")).hasValue(id);
            assertThat(chat.headers().firstValue("x-gatehouse-model")).as("request %s", id)
                    .hasValue(route.get("target").asText());
            served.add(route.get("target").asText());
            if (chat.headers().firstValue("x-gatehouse-reasons").orElse("").contains("explore")) explored++;
        }
        // at a share of 0.5 over two targets, 24 ids all drawing the same way has odds of about 2^-24 (fixed ids)
        assertThat(served).containsExactlyInAnyOrder("small", "big");
        assertThat(explored).isPositive();
    }
}
