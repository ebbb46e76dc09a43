package dev.gatehouse.router.replay;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.router.decisionlog.DecisionLogFiles;
import dev.gatehouse.router.features.Priority;
import dev.gatehouse.router.features.RequestFeatures;
import dev.gatehouse.router.decisionlog.DecisionJson;
import dev.gatehouse.router.policy.CapacitySnapshot;
import dev.gatehouse.router.policy.TargetCapacity;
import dev.gatehouse.router.privacy.DataClass;
import dev.gatehouse.router.privacy.Finding;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads the decision log back into decisions ({@link DecisionLogFiles}, in the order written), each line's {@code decision} turned back into features and a capacity snapshot (the inverse of
 * {@code DecisionJson}). Provider health and budgets are not logged, so a replayed decision sees providers healthy
 * and budgets open; sticky choices are rebuilt as the replay goes. Lines that cannot be read are counted, not
 * guessed at.
 */
final class DecisionLogLines {
    record Read(List<LoggedDecision> decisions, int unreadable) {
    }

    private DecisionLogLines() {
    }

    static Read read(Path dir) {
        DecisionLogFiles.Lines lines = DecisionLogFiles.read(dir);
        List<LoggedDecision> decisions = new ArrayList<>();
        int unreadable = lines.unreadable();
        for (JsonNode line : lines.lines()) {
            try {
                decisions.add(parse(line));
            } catch (RuntimeException e) {
                unreadable++; // a line of another shape: counted, not guessed at
            }
        }
        return new Read(decisions, unreadable);
    }

    static LoggedDecision parse(JsonNode line) {
        JsonNode d = line.get("decision");
        if (d == null) throw new IllegalArgumentException("no decision");
        JsonNode f = d.get("features");
        List<Finding> findings = new ArrayList<>();
        for (JsonNode x : d.path("findings")) {
            findings.add(new Finding(x.get("type").asText(), x.path("start").asInt(), x.path("end").asInt(),
                    x.path("confidence").asDouble()));
        }
        RequestFeatures features = new RequestFeatures(f.get("promptTokens").asInt(),
                f.path("promptTokensExact").asBoolean(), f.path("turns").asInt(1), f.path("hasCode").asBoolean(),
                f.path("hasMath").asBoolean(), f.path("language").asText("en"),
                f.hasNonNull("maxTokens") ? f.get("maxTokens").asInt() : null, f.path("structuredOutput").asBoolean(),
                f.path("toolsRequested").asBoolean(), f.path("contextDocuments").asInt(),
                f.path("contextChars").asInt(), f.get("category").asText(), f.path("categoryConfidence").asDouble(),
                f.get("difficulty").asDouble(), null, dataClass(f.get("dataClass").asText()),
                f.hasNonNull("declaredDataClass") ? dataClass(f.get("declaredDataClass").asText()) : null, findings,
                new RequestFeatures.Requested(d.get("id").asText(), text(f, "pinnedModel"),
                        Priority.fromWire(f.path("priority").asText("balanced")).orElse(Priority.BALANCED),
                        text(f, "tenant")));
        JsonNode c = d.get("capacity");
        Map<String, TargetCapacity> targets = new HashMap<>();
        c.path("targets").properties().forEach(e -> {
            JsonNode t = e.getValue();
            targets.put(e.getKey(), new TargetCapacity(e.getKey(),
                    TargetCapacity.State.valueOf(t.get("state").asText().toUpperCase(Locale.ROOT)),
                    t.path("slots").asInt(), t.path("inFlight").asInt(), t.path("queued").asInt(),
                    t.path("maxQueue").asInt(), t.path("contextLength").asInt(), t.path("coldLoadMs").asLong(-1),
                    t.path("tokensPerSecond").asDouble()));
        });
        CapacitySnapshot snapshot = new CapacitySnapshot(Instant.parse(c.get("now").asText()), targets, Map.of(),
                dev.gatehouse.router.policy.EscalationSnapshot.none(), DecisionJson.pools(c));
        return new LoggedDecision(d.get("id").asText(), features, snapshot, text(d, "target"),
                d.path("estimatedCostUsd").asDouble(), text(d, "bucket"));
    }

    private static DataClass dataClass(String wire) {
        return DataClass.fromWireName(wire).orElseThrow(() -> new IllegalArgumentException("data class " + wire));
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
