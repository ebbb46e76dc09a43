package dev.gatehouse.router.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * One served (not dry-run) request as the decision log has it: who asked, what it was, where it went, what it cost.
 *
 * @param servedBy the target that answered, or null when refused or failed
 * @param cost     what it cost in the policy's currency, 0 when nothing was charged
 */
record ServedRequest(String id, Instant at, String tenant, String category, String servedBy, int status,
                     int promptTokens, int completionTokens, double cost) {

    /** The request of a decision-log line, or null for a dry run ({@code /v1/route}) or a line of another shape. */
    static ServedRequest of(JsonNode line) {
        JsonNode outcome = line.path("outcome");
        JsonNode decision = line.path("decision");
        if (outcome.path("dryRun").asBoolean(false) || !line.hasNonNull("ts") || !line.hasNonNull("id")) return null;
        JsonNode features = decision.path("features");
        return new ServedRequest(line.get("id").asText(), Instant.parse(line.get("ts").asText()),
                features.hasNonNull("tenant") ? features.get("tenant").asText() : null,
                decision.path("category").asText("other"),
                outcome.hasNonNull("servedBy") ? outcome.get("servedBy").asText() : null,
                outcome.path("status").asInt(0), Math.max(0, outcome.path("promptTokens").asInt(0)),
                Math.max(0, outcome.path("completionTokens").asInt(0)), outcome.path("cost").asDouble(0));
    }
}
