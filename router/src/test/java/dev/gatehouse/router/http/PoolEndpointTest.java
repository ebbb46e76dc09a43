package dev.gatehouse.router.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.inference.ChatLease;
import dev.gatehouse.inference.PoolSettings;
import dev.gatehouse.manifest.Manifest;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PoolEndpointTest {
    RunningGatehouse gatehouse;

    @AfterEach
    void stop() {
        if (gatehouse != null) gatehouse.close();
    }

    @Test
    void poolListsEveryModelWithStatePlacementLoadAndMemory() throws Exception {
        Manifest manifest = new Manifest(List.of(RunningGatehouse.chatSpec("m", true, 2),
                RunningGatehouse.chatSpec("other", false, 1)));
        gatehouse = RunningGatehouse.start(manifest, new PoolSettings(2, 4, Duration.ZERO, 64),
                new ScriptedLoader().with("m", ScriptedChatModel.saying(64, "a")), 1 << 20);
        try (ChatLease lease = gatehouse.pool.leaseChat(manifest.find("m").orElseThrow())) {
            var response = gatehouse.get("/v1/pool");
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
            JsonNode models = new ObjectMapper().readTree(response.body()).get("models");
            assertThat(models).hasSize(2);
            JsonNode m = models.get(0);
            assertThat(m.get("id").asText()).isEqualTo("m");
            assertThat(m.get("state").asText()).isEqualTo("ready");
            assertThat(m.get("device").asText()).isEqualTo("cpu");
            assertThat(m.get("slots").asInt()).isEqualTo(2);
            assertThat(m.get("context").asInt()).isEqualTo(64);
            assertThat(m.get("inFlight").asInt()).isEqualTo(1);
            assertThat(m.get("queued").asInt()).isZero();
            assertThat(m.get("queueLimit").asInt()).isEqualTo(4);
            assertThat(m.has("predictedBytes")).isTrue();
            assertThat(m.has("measuredBytes")).isTrue();
            assertThat(m.get("lastUsed").asText()).isNotBlank();
            assertThat(m.get("keepAliveUntil").isNull()).as("busy models do not expire").isTrue();
            assertThat(m.get("reasons").get(0).get("code").asText()).isNotBlank();
            JsonNode other = models.get(1);
            assertThat(other.get("state").asText()).isEqualTo("unloaded");
            assertThat(other.get("device").isNull()).isTrue();
        }
    }

    @Test
    void poolAnswersOtherMethodsWith405() {
        gatehouse = RunningGatehouse.start(new Manifest(List.of(RunningGatehouse.chatSpec("m", true, 1))),
                new PoolSettings(1, 0, Duration.ZERO, 64), new ScriptedLoader().with("m", ScriptedChatModel.saying(64, "a")),
                1 << 20);
        var response = gatehouse.post("/v1/pool", "{}");
        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(response.headers().firstValue("allow")).hasValue("GET");
    }
}
