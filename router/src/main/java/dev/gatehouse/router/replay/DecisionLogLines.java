package dev.gatehouse.router.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.router.features.Priority;
import dev.gatehouse.router.features.RequestFeatures;
import dev.gatehouse.router.policy.CapacitySnapshot;
import dev.gatehouse.router.policy.TargetCapacity;
import dev.gatehouse.router.privacy.DataClass;
import dev.gatehouse.router.privacy.Finding;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Reads the decision log back into decisions: every {@code decisions*.jsonl} of a directory, oldest file first,
 * each line's {@code decision} turned back into features and a capacity snapshot (the inverse of
 * {@code DecisionJson}). Provider health and budgets are not logged, so a replayed decision sees providers healthy
 * and budgets open; sticky choices are rebuilt as the replay goes. Lines that cannot be read are counted, not
 * guessed at.
 */
final class DecisionLogLines {
    private static final ObjectMapper JSON = new ObjectMapper();

    record Read(List<LoggedDecision> decisions, int unreadable) {
    }

    private DecisionLogLines() {
    }

    static Read read(Path dir) {
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(p -> p.getFileName().toString().matches("decisions(\\.\\d+)?\\.jsonl"))
                    .sorted(Comparator.comparingInt(DecisionLogLines::age).reversed()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the decision log in " + dir, e);
        }
        List<LoggedDecision> decisions = new ArrayList<>();
        int unreadable = 0;
        for (Path file : files) {
            try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    if (line.isBlank()) continue;
                    try {
                        decisions.add(parse(JSON.readTree(line)));
                    } catch (IOException | RuntimeException e) {
                        unreadable++;
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
        }
        return new Read(decisions, unreadable);
    }

    /** decisions.jsonl is the newest (0), decisions.N.jsonl older with N. */
    private static int age(Path file) {
        String name = file.getFileName().toString();
        return name.equals("decisions.jsonl") ? 0 : Integer.parseInt(name.substring(10, name.length() - 6));
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
        CapacitySnapshot snapshot = new CapacitySnapshot(Instant.parse(c.get("now").asText()), targets, Map.of());
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
