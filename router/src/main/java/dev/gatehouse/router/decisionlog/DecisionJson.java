package dev.gatehouse.router.decisionlog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.router.features.RequestFeatures;
import dev.gatehouse.router.policy.CapacitySnapshot;
import dev.gatehouse.router.policy.Decision;
import dev.gatehouse.router.policy.TargetCapacity;
import dev.gatehouse.router.privacy.Finding;
import dev.gatehouse.router.pools.PoolLoad;
import dev.gatehouse.router.pools.PoolReading;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A {@link Decision} as JSON: the body of {@code POST /v1/route} and the {@code decision} of each log line. Holds
 * no prompt text: features are counts and flags, findings are positions.
 */
public final class DecisionJson {

    public static final ObjectMapper MAPPER = new ObjectMapper();

    private DecisionJson() {}

    public static ObjectNode of(Decision d) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("id", d.id());
        root.put("target", d.target());
        d.fallbacks().forEach(root.putArray("fallbacks")::add);
        ArrayNode reasons = root.putArray("reasons");
        d.reasons().forEach(r -> reasons.addObject().put("code", r.code().wireName()).put("detail", r.detail()));
        ArrayNode rejected = root.putArray("rejected");
        d.rejected().forEach(r -> rejected.addObject().put("target", r.target()).put("reason", r.reason().wireName())
                .put("detail", r.detail()));
        RequestFeatures f = d.features();
        root.put("dataClass", f.dataClass().wireName());
        ArrayNode findings = root.putArray("findings");
        for (Finding x : f.findings()) {
            findings.addObject().put("type", x.type()).put("start", x.start()).put("end", x.end())
                    .put("confidence", x.confidence());
        }
        root.put("category", f.category());
        root.put("difficulty", f.difficulty());
        root.put("priority", f.request().priority().wireName());
        root.put("estimatedCostUsd", d.estimatedCostUsd());
        root.put("estimatedLatencyMs", d.estimatedLatencyMs());
        root.put("bucket", d.bucket());
        ArrayNode ranking = root.putArray("ranking");
        d.ranking().forEach(s -> ranking.addObject().put("target", s.target()).put("score", s.score())
                .put("quality", s.quality()).put("costUsd", s.costUsd()).put("latencyMs", s.latencyMs()));
        if (d.arm() != null) root.put("arm", d.arm()); // which policy of a rollout decided
        if (d.shadow() != null) root.set("shadow", shadow(d));
        if (d.exploration() != null) root.set("exploration", exploration(d.exploration()));
        root.set("features", features(f));
        root.set("capacity", capacity(d.snapshot()));
        return root;
    }

    /** How exploration took part: what training reads back to weigh the outcome (learning.FeedbackJoin). */
    private static ObjectNode exploration(dev.gatehouse.router.policy.Exploration e) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("share", e.share());
        n.put("explored", e.explored());
        n.put("greedy", e.greedy());
        e.among().forEach(n.putArray("among")::add);
        n.put("propensity", e.propensity());
        if (e.skipped() != null) n.put("skipped", e.skipped());
        return n;
    }

    /** The shadow policy's decision, short: where it would have sent the request and why, never served. */
    private static ObjectNode shadow(Decision d) {
        Decision s = d.shadow();
        ObjectNode n = MAPPER.createObjectNode();
        n.put("target", s.target());
        n.put("differs", dev.gatehouse.router.shadow.ShadowDecider.differs(d));
        s.fallbacks().forEach(n.putArray("fallbacks")::add);
        ArrayNode reasons = n.putArray("reasons");
        s.reasons().forEach(r -> reasons.addObject().put("code", r.code().wireName()).put("detail", r.detail()));
        n.put("estimatedCostUsd", s.estimatedCostUsd());
        n.put("estimatedLatencyMs", s.estimatedLatencyMs());
        return n;
    }

    static ObjectNode features(RequestFeatures f) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("promptTokens", f.promptTokens());
        n.put("promptTokensExact", f.promptTokensExact());
        n.put("turns", f.turns());
        n.put("hasCode", f.hasCode());
        n.put("hasMath", f.hasMath());
        n.put("language", f.language());
        if (f.maxTokens() != null) n.put("maxTokens", f.maxTokens());
        n.put("structuredOutput", f.structuredOutput());
        n.put("toolsRequested", f.toolsRequested());
        n.put("contextDocuments", f.contextDocuments());
        n.put("contextChars", f.contextChars());
        n.put("category", f.category());
        n.put("categoryConfidence", f.categoryConfidence());
        n.put("difficulty", f.difficulty());
        n.put("dataClass", f.dataClass().wireName());
        if (f.declaredDataClass() != null) n.put("declaredDataClass", f.declaredDataClass().wireName());
        n.put("findings", f.findings().size());
        n.put("pinnedModel", f.request().pinnedModel());
        n.put("priority", f.request().priority().wireName());
        n.put("tenant", f.request().tenant());
        return n;
    }

    private static void pool(ObjectNode n, PoolReading p) {
        n.put("answeredAt", p.answeredAt() == null ? null : p.answeredAt().toString())
                .put("failedAt", p.failedAt() == null ? null : p.failedAt().toString()).put("lastError", p.lastError());
        ArrayNode loads = n.putArray("loads");
        for (PoolLoad l : p.loads()) {
            loads.addObject().put("model", l.model()).put("state", l.state().wireName()).put("chat", l.chat())
                    .put("slots", l.slots()).put("busy", l.busy()).put("waiting", l.waiting())
                    .put("waitLimit", l.waitLimit()).put("kvCacheUsage", l.kvCacheUsage())
                    .put("contextLength", l.contextLength()).put("loadMillis", l.loadMillis());
        }
    }

    /** The pool readings of a logged {@code capacity} object (the inverse of what {@link #of} writes). */
    public static Map<String, PoolReading> pools(JsonNode capacity) {
        Map<String, PoolReading> out = new java.util.HashMap<>();
        JsonNode pools = capacity == null ? null : capacity.get("pools");
        if (pools == null || !pools.isObject()) return out;
        pools.properties().forEach(e -> {
            JsonNode p = e.getValue();
            List<PoolLoad> loads = new ArrayList<>();
            for (JsonNode l : p.path("loads")) {
                loads.add(new PoolLoad(l.hasNonNull("model") ? l.get("model").asText() : null,
                        PoolLoad.State.valueOf(l.path("state").asText("failed").toUpperCase(java.util.Locale.ROOT)),
                        l.path("chat").asBoolean(true), l.path("slots").asInt(-1), l.path("busy").asInt(),
                        l.path("waiting").asInt(), l.path("waitLimit").asInt(-1), l.path("kvCacheUsage").asDouble(-1),
                        l.path("contextLength").asInt(), l.path("loadMillis").asLong(-1)));
            }
            out.put(e.getKey(), new PoolReading(e.getKey(), instant(p, "answeredAt"), loads, instant(p, "failedAt"),
                    p.hasNonNull("lastError") ? p.get("lastError").asText() : null));
        });
        return out;
    }

    private static java.time.Instant instant(JsonNode node, String field) {
        return node.hasNonNull(field) ? java.time.Instant.parse(node.get(field).asText()) : null;
    }

    static ObjectNode capacity(CapacitySnapshot s) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("now", s.now().toString());
        ObjectNode targets = n.putObject("targets");
        s.targets().values().stream().sorted(java.util.Comparator.comparing(TargetCapacity::target)).forEach(c ->
                targets.putObject(c.target()).put("state", c.state().wireName()).put("slots", c.slots())
                        .put("inFlight", c.inFlight()).put("queued", c.queued()).put("maxQueue", c.maxQueue())
                        .put("contextLength", c.contextLength()).put("coldLoadMs", c.coldLoadMillis())
                        .put("tokensPerSecond", c.tokensPerSecond()));
        n.put("stickyBuckets", s.sticky().size());
        if (!s.pools().isEmpty()) {
            ObjectNode pools = n.putObject("pools"); // what each polled pool on premises last said, and when
            s.pools().values().stream().sorted(java.util.Comparator.comparing(PoolReading::pool))
                    .forEach(p -> pool(pools.putObject(p.pool()), p));
        }
        return n;
    }
}
