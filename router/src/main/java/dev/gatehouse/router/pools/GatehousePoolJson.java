package dev.gatehouse.router.pools;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** The models of another Gatehouse's {@code GET /v1/pool}: state, slots, in flight and queue of each. */
final class GatehousePoolJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    private GatehousePoolJson() {}

    /** @throws IllegalArgumentException when the body is not a {@code /v1/pool} answer */
    static List<PoolLoad> read(byte[] body) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new IllegalArgumentException("unreadable: " + e.getMessage());
        }
        JsonNode models = root == null ? null : root.get("models");
        if (models == null || !models.isArray()) {
            throw new IllegalArgumentException("not a Gatehouse /v1/pool answer (no 'models' list)");
        }
        List<PoolLoad> loads = new ArrayList<>();
        for (JsonNode m : models) {
            if (!m.hasNonNull("id") || !m.path("slots").canConvertToInt()) {
                throw new IllegalArgumentException("a model of /v1/pool lacks 'id' or 'slots'");
            }
            JsonNode tasks = m.get("tasks");
            boolean chat = tasks == null || !tasks.isArray() || contains(tasks, "chat");
            loads.add(new PoolLoad(m.get("id").asText(), PoolLoad.State.ofWire(m.path("state").asText(null)), chat,
                    m.path("slots").asInt(), m.path("inFlight").asInt(), m.path("queued").asInt(),
                    m.path("queueLimit").asInt(-1), -1, m.path("context").asInt(0), m.path("loadMillis").asLong(-1)));
        }
        return loads;
    }

    private static boolean contains(JsonNode array, String value) {
        for (JsonNode v : array) {
            if (value.equals(v.asText())) return true;
        }
        return false;
    }
}
