package dev.gatehouse.router.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.inference.ModelPool;
import dev.gatehouse.inference.ModelStatus;
import dev.gatehouse.inference.placement.Placement;
import dev.gatehouse.inference.placement.Reason;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.Instant;

/** {@code GET /v1/pool}: every model of the manifest with its state, placement, load and memory. */
final class PoolEndpoint implements Handler {
    private final ModelPool pool;

    PoolEndpoint(ModelPool pool) {
        this.pool = pool;
    }

    @Override
    public void handle(ServerRequest req, ServerResponse res) {
        ObjectNode root = OpenAiJson.MAPPER.createObjectNode();
        ArrayNode models = root.putArray("models");
        pool.status().forEach(s -> write(models.addObject(), s));
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.send(OpenAiJson.bytes(root));
    }

    private static void write(ObjectNode m, ModelStatus s) {
        Placement p = s.placement();
        m.put("id", s.spec().id())
                .put("state", s.state().wireName())
                .put("engine", s.runtime() == null ? null : s.runtime().engine())
                .put("backend", s.runtime() == null ? null : s.runtime().backend())
                .put("engineVersion", s.runtime() == null ? null : s.runtime().libraryVersion())
                .put("backendReason", s.runtime() == null ? null : s.runtime().backendReason())
                .put("allocatedBytes", s.runtime() == null || !s.runtime().allocated().known() ? -1
                        : s.runtime().allocated().weights() + s.runtime().allocated().kvCache()
                                + s.runtime().allocated().compute())
                .put("allocatedGpuBytes", s.runtime() == null || !s.runtime().allocated().known() ? -1
                        : s.runtime().allocated().gpu())
                .put("device", p == null ? null : p.device().toString())
                .put("gpuLayers", p == null ? 0 : p.gpuLayers())
                .put("context", s.contextLength())
                .put("slots", s.slots())
                .put("inFlight", s.inFlight())
                .put("queued", s.queued())
                .put("queueLimit", s.queueLimit())
                .put("predictedBytes", s.predictedBytes())
                .put("predictedGpuBytes", p == null ? -1 : p.predicted().gpuBytes())
                .put("predictedHostBytes", p == null ? -1 : p.predicted().hostBytes())
                .put("measuredBytes", s.measuredBytes())
                .put("lastUsed", iso(s.lastUsed()))
                .put("keepAliveUntil", iso(s.keepAliveUntil()))
                .put("pinned", s.spec().serving().pin())
                .put("pid", s.workerPid())
                .put("loadMillis", s.loadMillis())
                .put("lastError", s.lastError())
                .put("why", p == null ? null : p.why());
        ArrayNode tasks = m.putArray("tasks"); // a peer Gatehouse polling this counts chat models only
        s.spec().tasks().forEach(t -> tasks.add(t.name().toLowerCase(java.util.Locale.ROOT)));
        ArrayNode reasons = m.putArray("reasons");
        if (p != null) {
            for (Reason r : p.reasons()) {
                reasons.addObject().put("code", r.code().name()).put("detail", r.detail());
            }
        }
    }

    private static String iso(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
