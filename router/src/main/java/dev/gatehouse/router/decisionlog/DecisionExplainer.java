package dev.gatehouse.router.decisionlog;

import com.fasterxml.jackson.databind.JsonNode;

/** A logged decision in plain words, for {@code gatehouse explain}. */
public final class DecisionExplainer {

    private DecisionExplainer() {}

    public static String explain(JsonNode line) {
        JsonNode d = line.path("decision");
        JsonNode f = d.path("features");
        JsonNode o = line.path("outcome");
        StringBuilder s = new StringBuilder();
        s.append("Decision ").append(line.path("id").asText()).append(" at ").append(line.path("ts").asText())
                .append('\n');
        s.append("Request: ").append(f.path("category").asText()).append(" (confidence ")
                .append(round(f.path("categoryConfidence").asDouble())).append("), difficulty ")
                .append(round(f.path("difficulty").asDouble())).append(", about ").append(f.path("promptTokens").asInt())
                .append(" prompt tokens in ").append(f.path("turns").asInt()).append(" message(s), language ")
                .append(f.path("language").asText()).append('\n');
        s.append("Data: ").append(f.path("dataClass").asText()).append(" with ").append(f.path("findings").asInt())
                .append(" finding(s)");
        if (f.hasNonNull("declaredDataClass")) s.append(", declared ").append(f.path("declaredDataClass").asText());
        s.append("; priority ").append(f.path("priority").asText());
        if (f.hasNonNull("tenant")) s.append("; tenant ").append(f.path("tenant").asText());
        if (f.hasNonNull("pinnedModel")) s.append("; the request named ").append(f.path("pinnedModel").asText());
        s.append('\n');
        if (d.path("target").isNull()) {
            s.append("Refused: no target was allowed.\n");
        } else {
            s.append("Chosen: ").append(d.path("target").asText()).append(" (about ")
                    .append(d.path("estimatedLatencyMs").asLong()).append(" ms, $")
                    .append(d.path("estimatedCostUsd").asDouble()).append(")\n");
        }
        s.append("Because:\n");
        for (JsonNode r : d.path("reasons")) {
            s.append("  - ").append(r.path("code").asText()).append(": ").append(r.path("detail").asText()).append('\n');
        }
        if (!d.path("fallbacks").isEmpty()) {
            s.append("Fallbacks, in order: ");
            for (int i = 0; i < d.path("fallbacks").size(); i++) {
                s.append(i == 0 ? "" : ", ").append(d.path("fallbacks").get(i).asText());
            }
            s.append('\n');
        }
        if (!d.path("rejected").isEmpty()) {
            s.append("Ruled out:\n");
            for (JsonNode r : d.path("rejected")) {
                s.append("  - ").append(r.path("target").asText()).append(": ").append(r.path("reason").asText())
                        .append(" (").append(r.path("detail").asText()).append(")\n");
            }
        }
        s.append("Capacity seen:\n");
        d.path("capacity").path("targets").properties().forEach(e -> {
            JsonNode c = e.getValue();
            s.append("  - ").append(e.getKey()).append(": ").append(c.path("state").asText()).append(", ")
                    .append(c.path("inFlight").asInt()).append('/').append(c.path("slots").asInt())
                    .append(" slots busy, ").append(c.path("queued").asInt()).append(" queued");
            if (c.path("tokensPerSecond").asDouble() > 0) {
                s.append(", ").append(round(c.path("tokensPerSecond").asDouble())).append(" tokens/s measured");
            }
            s.append('\n');
        });
        if (o.path("dryRun").asBoolean()) {
            s.append("Outcome: dry run (POST /v1/route), nothing was generated\n");
        } else {
            s.append("Outcome: status ").append(o.path("status").asInt()).append(" in ").append(o.path("latencyMs")
                    .asLong()).append(" ms");
            if (o.hasNonNull("servedBy")) s.append(", served by ").append(o.path("servedBy").asText());
            if (o.path("completionTokens").asInt() >= 0) {
                s.append(", ").append(o.path("promptTokens").asInt()).append(" prompt + ")
                        .append(o.path("completionTokens").asInt()).append(" completion tokens");
            }
            if (o.path("ttftMs").asLong() >= 0) s.append(", first token after ").append(o.path("ttftMs").asLong())
                    .append(" ms");
            if (o.hasNonNull("error")) s.append(", error ").append(o.path("error").asText());
            s.append('\n');
        }
        return s.toString();
    }

    private static String round(double v) {
        return Double.toString(Math.round(v * 100) / 100.0);
    }
}
