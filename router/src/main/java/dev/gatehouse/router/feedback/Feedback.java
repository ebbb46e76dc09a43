package dev.gatehouse.router.feedback;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A judgement of one routed request, sent after the fact: a score, the target that should have answered, or both,
 * with an optional short label. Never prompt text.
 *
 * @param decisionId      the id of the decision ({@code x-gatehouse-decision-id})
 * @param score           how good the answer was, 0 (useless) to 1 (right), or null
 * @param preferredTarget where it should have gone, or null
 * @param label           a short tag from the caller ("wrong-language"), or null
 * @param by              who gave it: the tenant of the caller's key, or null without keys
 * @param at              when it was recorded
 */
public record Feedback(String decisionId, Double score, String preferredTarget, String label, String by, Instant at) {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
    private static final Pattern TARGET = Pattern.compile("[A-Za-z0-9._:/-]{1,200}");
    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9 ._:-]{1,64}");

    /** A field that broke a rule: the endpoint answers 400 naming it. */
    public record Violation(String field, String rule) {
    }

    /** The feedback in a request body, or every rule it breaks; {@code by} and {@code at} come from the server. */
    public static Parsed parse(JsonNode body, String by, Instant at) {
        List<Violation> violations = new ArrayList<>();
        if (body == null || !body.isObject()) {
            return new Parsed(null, List.of(new Violation("(body)", "must be a JSON object")));
        }
        String id = text(body, "decision_id", ID, "must be a decision id: 1-128 letters, digits or ._:-", violations);
        if (id == null && !body.hasNonNull("decision_id")) violations.add(new Violation("decision_id", "is required"));
        Double score = null;
        JsonNode s = body.get("score");
        if (s != null && !s.isNull()) {
            if (!s.isNumber() || s.asDouble() < 0 || s.asDouble() > 1 || Double.isNaN(s.asDouble())) {
                violations.add(new Violation("score", "must be a number from 0 to 1"));
            } else {
                score = s.asDouble();
            }
        }
        String target = text(body, "preferred_target", TARGET, "must be a target id such as 'qwen3-8b' or 'openai/gpt-4o'",
                violations);
        String label = text(body, "label", LABEL, "must be 1-64 letters, digits, spaces or ._:-", violations);
        if (score == null && target == null && violations.isEmpty()) {
            violations.add(new Violation("score", "one of score or preferred_target is required"));
        }
        return violations.isEmpty() ? new Parsed(new Feedback(id, score, target, label, by, at), List.of())
                : new Parsed(null, violations);
    }

    public record Parsed(Feedback feedback, List<Violation> violations) {
        public Parsed {
            violations = List.copyOf(violations);
        }
    }

    private static String text(JsonNode body, String field, Pattern rule, String message, List<Violation> violations) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) return null;
        if (!v.isTextual() || !rule.matcher(v.asText()).matches()) {
            violations.add(new Violation(field, message));
            return null;
        }
        return v.asText();
    }
}
