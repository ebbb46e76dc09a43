package dev.gatehouse.router.review;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.router.features.Priority;
import dev.gatehouse.router.privacy.DataClass;
import dev.gatehouse.router.serving.ChatCall;
import dev.gatehouse.router.serving.Caller;
import java.util.Objects;

/**
 * What the review store keeps of a held request so it can be answered after a restart: the body as the client sent
 * it (prompt text included), the routing headers, who sent it (key hash and tenant id, never the key) and the
 * decision log's keyed hash of the conversation.
 */
record StoredRequest(String requestId, JsonNode body, Priority priority, DataClass declaredClass, Boolean fallbacks,
                     String clientAddress, String apiKeyId, String tenant, String promptHash) {

    StoredRequest {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(body, "body");
    }

    static StoredRequest of(ChatCall call, Caller caller, String promptHash) {
        if (call.body() == null) {
            throw new IllegalStateException("a durable review lane needs the request body as sent; this ChatCall "
                    + "was built without it");
        }
        return new StoredRequest(call.requestId(), call.body(), call.priority(), call.declaredClass(),
                call.fallbacks(), call.clientAddress(), caller.apiKeyId(), caller.tenantId(), promptHash);
    }

    ObjectNode toJson() {
        ObjectNode n = TicketJson.MAPPER.createObjectNode();
        n.put("requestId", requestId).put("priority", priority == null ? null : priority.wireName())
                .put("declaredClass", declaredClass == null ? null : declaredClass.wireName())
                .put("fallbacks", fallbacks).put("clientAddress", clientAddress).put("apiKeyId", apiKeyId)
                .put("tenant", tenant).put("promptHash", promptHash);
        n.set("body", body);
        return n;
    }

    /** @throws IllegalArgumentException naming the field that is missing or malformed */
    static StoredRequest fromJson(JsonNode n) {
        String priority = TicketJson.optional(n, "priority");
        String declared = TicketJson.optional(n, "declaredClass");
        JsonNode fallbacks = n.get("fallbacks");
        return new StoredRequest(TicketJson.text(n, "requestId"), TicketJson.require(n, "body"),
                priority == null ? null : Priority.fromWire(priority).orElseThrow(
                        () -> new IllegalArgumentException("'priority' is not a priority")),
                declared == null ? null : DataClass.fromWireName(declared).orElseThrow(
                        () -> new IllegalArgumentException("'declaredClass' is not a data class")),
                fallbacks == null || fallbacks.isNull() ? null : fallbacks.asBoolean(),
                TicketJson.optional(n, "clientAddress"), TicketJson.optional(n, "apiKeyId"),
                TicketJson.optional(n, "tenant"), TicketJson.optional(n, "promptHash"));
    }
}
