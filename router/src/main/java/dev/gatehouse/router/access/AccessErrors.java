package dev.gatehouse.router.access;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;

/** The OpenAI-shaped bodies of 401, 403 and 429 answers; none echoes the presented key or unbounded input. */
final class AccessErrors {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int MAX_PATH = 100;

    record Refusal(int status, byte[] body, Duration retryAfter) {}

    private AccessErrors() {}

    static Refusal missingKey() {
        return new Refusal(401, body("You didn't provide an API key. Send it as Authorization: Bearer KEY.",
                "invalid_request_error", "missing_api_key"), null);
    }

    static Refusal invalidKey() {
        return new Refusal(401, body("Incorrect API key provided.", "invalid_request_error", "invalid_api_key"),
                null);
    }

    static Refusal adminRequired(String method, String path) {
        String shown = path.length() <= MAX_PATH ? path : path.substring(0, MAX_PATH) + "…";
        return new Refusal(403, body(method + " " + shown + " needs an admin API key (keys add --admin)",
                "permission_error", "admin_scope_required"), null);
    }

    static Refusal rateLimited(RateLimiter.Refusal r) {
        return new Refusal(429, body(r.message() + "; retry after " + Math.max(1, (r.retryAfter().toMillis() + 999)
                / 1000) + " s", "rate_limit_error", r.code()), r.retryAfter());
    }

    private static byte[] body(String message, String type, String code) {
        ObjectNode root = MAPPER.createObjectNode();
        ObjectNode error = root.putObject("error");
        error.put("message", message);
        error.put("type", type);
        error.putNull("param");
        error.put("code", code);
        try {
            return MAPPER.writeValueAsBytes(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }
}
