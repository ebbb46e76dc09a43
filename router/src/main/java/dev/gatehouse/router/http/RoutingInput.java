package dev.gatehouse.router.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.router.features.Priority;
import dev.gatehouse.router.policy.Policy;
import dev.gatehouse.router.privacy.DataClass;
import dev.gatehouse.router.serving.Caller;
import dev.gatehouse.router.serving.ChatCall;
import dev.gatehouse.router.serving.ChatCompletionRequest;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The routing headers of a chat request ({@code x-gatehouse-priority}, {@code x-gatehouse-data-class},
 * {@code x-gatehouse-fallbacks}) and the bearer key that names the caller, read into serving's values. Header
 * mistakes are 400s naming the header.
 */
final class RoutingInput {

    static final HeaderName PRIORITY = HeaderNames.create("x-gatehouse-priority");
    static final HeaderName DATA_CLASS = HeaderNames.create("x-gatehouse-data-class");
    static final HeaderName DECISION_ID = HeaderNames.create("x-gatehouse-decision-id");
    static final HeaderName REASONS = HeaderNames.create("x-gatehouse-reasons");
    static final HeaderName FALLBACKS = HeaderNames.create("x-gatehouse-fallbacks");
    static final HeaderName ARM = HeaderNames.create("x-gatehouse-arm");

    // read on every request, never captured: a configuration reload swaps the router's policy
    private final Supplier<Policy> policy;

    RoutingInput(Supplier<Policy> policy) {
        this.policy = policy;
    }

    /**
     * The caller a request's bearer key names. An authenticating filter that registers a {@link Caller} in the
     * request's context takes precedence.
     */
    Caller caller(ServerRequest req) {
        return req.context().get(Caller.class).orElseGet(() -> Caller.fromBearerKey(req.headers()
                .first(HeaderNames.AUTHORIZATION)
                .filter(v -> v.regionMatches(true, 0, "Bearer ", 0, 7))
                .map(v -> v.substring(7)).orElse(null), policy.get()));
    }

    ChatCall call(ServerRequest req, String requestId, ChatCompletionRequest request) {
        return call(req, requestId, request, null);
    }

    /** @param body the body as sent, kept with the call for the review store; null where nothing may be held */
    ChatCall call(ServerRequest req, String requestId, ChatCompletionRequest request, JsonNode body) {
        Priority priority = req.headers().first(PRIORITY).map(v -> Priority.fromWire(v).orElseThrow(() ->
                InvalidRequestException.field(PRIORITY.defaultCase(), "must be one of fastest, cheapest, balanced, "
                        + "best, private-only, was \"" + v + "\""))).orElse(null);
        DataClass declared = req.headers().first(DATA_CLASS).map(RoutingInput::dataClass).orElse(null);
        return new ChatCall(requestId, request, priority, declared, fallbacks(req), req.remotePeer().host(), body);
    }

    /** {@code x-gatehouse-fallbacks}: off turns fallbacks off; on leaves them to the policy; absent is null. */
    private static Boolean fallbacks(ServerRequest req) {
        String value = req.headers().first(FALLBACKS).map(v -> v.strip().toLowerCase(Locale.ROOT)).orElse(null);
        if (value == null) return null;
        return switch (value) {
            case "on", "true" -> true;
            case "off", "false" -> false;
            default -> throw InvalidRequestException.field(FALLBACKS.defaultCase(), "must be on or off, was \""
                    + value + "\"");
        };
    }

    private static DataClass dataClass(String value) {
        try {
            return DataClass.valueOf(value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw InvalidRequestException.field(DATA_CLASS.defaultCase(),
                    "must be one of public, internal, confidential, restricted, was \"" + value + "\"");
        }
    }
}
