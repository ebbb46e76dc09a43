package dev.gatehouse.router.serving;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.router.features.Priority;
import dev.gatehouse.router.privacy.DataClass;
import java.util.Objects;

/**
 * One chat request as the HTTP layer parsed it: the body and the routing headers, nothing decided yet.
 *
 * @param requestId     the request's id (logs, decision, completion id)
 * @param request       the validated body
 * @param priority      {@code x-gatehouse-priority}, or null for the policy's default
 * @param declaredClass {@code x-gatehouse-data-class}, or null; the tenant's class and detection may only raise it
 * @param fallbacks     {@code x-gatehouse-fallbacks}: false turns fallbacks off, null leaves it to the policy
 * @param clientAddress the peer's address, or null: a rollout buckets by it only when there is no tenant or key
 * @param body          the body as the client sent it (already validated into {@code request}), or null: the review
 *                      store keeps it so a request held before a restart is parsed again, field for field, after it
 */
public record ChatCall(String requestId, ChatCompletionRequest request, Priority priority, DataClass declaredClass,
        Boolean fallbacks, String clientAddress, JsonNode body) {

    /** A call without its body as sent (a review store cannot keep it). */
    public ChatCall(String requestId, ChatCompletionRequest request, Priority priority, DataClass declaredClass,
            Boolean fallbacks, String clientAddress) {
        this(requestId, request, priority, declaredClass, fallbacks, clientAddress, null);
    }

    /** A call whose client address is unknown (a rollout then buckets callers without tenant or key together). */
    public ChatCall(String requestId, ChatCompletionRequest request, Priority priority, DataClass declaredClass,
            Boolean fallbacks) {
        this(requestId, request, priority, declaredClass, fallbacks, null);
    }

    public ChatCall {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(request, "request");
    }
}
