package dev.gatehouse.router.review;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** A {@link ReviewTicket} as one JSON object of the review store, and back; every field, nothing derived. */
final class TicketJson {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private TicketJson() {}

    static ObjectNode write(ReviewTicket t) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("id", t.id()).put("status", t.status().name()).put("rule", t.rule()).put("ownerKeyId", t.ownerKeyId())
                .put("heldAt", t.heldAt().toString()).put("expiresAt", t.expiresAt().toString())
                .put("decidedAt", t.decidedAt() == null ? null : t.decidedAt().toString()).put("reason", t.reason())
                .put("answerStatus", t.answerStatus()).put("routedTo", t.routedTo());
        if (t.reviewer() != null) {
            n.putObject("reviewer").put("tenant", t.reviewer().tenant()).put("keyId", t.reviewer().keyId());
        }
        ReviewSummary s = t.summary();
        ObjectNode sn = n.putObject("summary");
        sn.put("decisionId", s.decisionId()).put("tenant", s.tenant()).put("dataClass", s.dataClass())
                .put("category", s.category()).put("difficulty", s.difficulty()).put("priority", s.priority())
                .put("promptTokens", s.promptTokens()).put("proposedTarget", s.proposedTarget())
                .put("promptText", s.promptText());
        s.findingTypes().forEach(sn.putArray("findingTypes")::add);
        s.reasons().forEach(sn.putArray("reasons")::add);
        if (t.answer() != null) n.set("answer", t.answer());
        return n;
    }

    /** @throws IllegalArgumentException naming the field that is missing or malformed */
    static ReviewTicket read(JsonNode n) {
        JsonNode s = require(n, "summary");
        JsonNode reviewer = n.get("reviewer");
        return new ReviewTicket(text(n, "id"), ReviewStatus.valueOf(text(n, "status")), text(n, "rule"),
                optional(n, "ownerKeyId"), instant(n, "heldAt"), instant(n, "expiresAt"),
                optional(n, "decidedAt") == null ? null : instant(n, "decidedAt"),
                reviewer == null || reviewer.isNull() ? null
                        : new Reviewer(optional(reviewer, "tenant"), optional(reviewer, "keyId")),
                optional(n, "reason"),
                new ReviewSummary(optional(s, "decisionId"), optional(s, "tenant"), optional(s, "dataClass"),
                        strings(s, "findingTypes"), optional(s, "category"), s.path("difficulty").asDouble(),
                        optional(s, "priority"), s.path("promptTokens").asInt(), optional(s, "proposedTarget"),
                        strings(s, "reasons"), optional(s, "promptText")),
                n.hasNonNull("answer") ? n.get("answer") : null, n.path("answerStatus").asInt(),
                optional(n, "routedTo"));
    }

    static JsonNode require(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) throw new IllegalArgumentException("'" + field + "' is missing");
        return v;
    }

    static String text(JsonNode n, String field) {
        return require(n, field).asText();
    }

    static String optional(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static Instant instant(JsonNode n, String field) {
        try {
            return Instant.parse(text(n, field));
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException("'" + field + "' is not an instant");
        }
    }

    private static List<String> strings(JsonNode n, String field) {
        List<String> out = new ArrayList<>();
        for (JsonNode v : n.path(field)) out.add(v.asText());
        return out;
    }
}
