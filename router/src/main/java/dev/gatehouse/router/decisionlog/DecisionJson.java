package dev.gatehouse.router.decisionlog;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.router.features.RequestFeatures;
import dev.gatehouse.router.policy.CapacitySnapshot;
import dev.gatehouse.router.policy.Decision;
import dev.gatehouse.router.policy.TargetCapacity;
import dev.gatehouse.router.privacy.Finding;

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
        root.set("features", features(f));
        root.set("capacity", capacity(d.snapshot()));
        return root;
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
            s.pools().values().stream().sorted(java.util.Comparator.comparing(p -> p.pool())).forEach(p ->
                    pools.putObject(p.pool()).put("answeredAt", p.answeredAt() == null ? null : p.answeredAt().toString())
                            .put("failedAt", p.failedAt() == null ? null : p.failedAt().toString())
                            .put("lastError", p.lastError()).put("reading", p.describe()));
        }
        return n;
    }
}
