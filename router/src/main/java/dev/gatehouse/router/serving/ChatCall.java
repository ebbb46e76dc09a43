package dev.gatehouse.router.serving;

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
 */
public record ChatCall(String requestId, ChatCompletionRequest request, Priority priority, DataClass declaredClass,
        Boolean fallbacks) {

    public ChatCall {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(request, "request");
    }
}
