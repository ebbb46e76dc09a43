package dev.gatehouse.router.http;

import dev.gatehouse.inference.ModelPool;
import dev.gatehouse.manifest.TaskKind;
import dev.gatehouse.router.features.ChatInput;
import dev.gatehouse.router.features.Priority;
import dev.gatehouse.router.features.RequestFeatures;
import dev.gatehouse.router.policy.Policy;
import dev.gatehouse.router.policy.Tenant;
import dev.gatehouse.router.privacy.DataClass;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import java.util.Locale;
import java.util.Optional;

/**
 * The routing part of a chat request: the routing headers ({@code x-gatehouse-priority},
 * {@code x-gatehouse-data-class}, the API key that names the tenant) and the model it names, turned into a
 * {@link ChatInput}. Header mistakes are 400s naming the header.
 */
final class RoutingInput {

    static final HeaderName PRIORITY = HeaderNames.create("x-gatehouse-priority");
    static final HeaderName DATA_CLASS = HeaderNames.create("x-gatehouse-data-class");
    static final HeaderName DECISION_ID = HeaderNames.create("x-gatehouse-decision-id");
    static final HeaderName REASONS = HeaderNames.create("x-gatehouse-reasons");
    static final HeaderName FALLBACKS = HeaderNames.create("x-gatehouse-fallbacks");

    /** SHA-256 of the bearer API key (what per-key budgets are written against), or null without one. */
    static String apiKeyId(ServerRequest req) {
        return req.headers().first(HeaderNames.AUTHORIZATION)
                .filter(v -> v.regionMatches(true, 0, "Bearer ", 0, 7) && !v.substring(7).isBlank())
                .map(v -> Policy.sha256(v.substring(7).strip())).orElse(null);
    }

    /** Whether failed targets fall back to the next ones: the policy's setting, unless the request says off. */
    static boolean fallbacks(ServerRequest req, Policy policy) {
        String value = req.headers().first(FALLBACKS).map(v -> v.strip().toLowerCase(Locale.ROOT)).orElse(null);
        if (value == null) return policy.escalation().fallbacks();
        return switch (value) {
            case "on", "true" -> policy.escalation().fallbacks();
            case "off", "false" -> false;
            default -> throw InvalidRequestException.field(FALLBACKS.defaultCase(), "must be on or off, was \""
                    + value + "\"");
        };
    }

    private RoutingInput() {}

    static ChatInput of(ServerRequest req, ChatCompletionRequest request, String requestId, ModelPool pool,
            Policy policy) {
        Optional<Tenant> tenant = req.headers().first(HeaderNames.AUTHORIZATION)
                .filter(v -> v.regionMatches(true, 0, "Bearer ", 0, 7))
                .flatMap(v -> policy.tenantForKey(v.substring(7)));
        Priority priority = req.headers().first(PRIORITY).map(v -> Priority.fromWire(v).orElseThrow(() ->
                InvalidRequestException.field(PRIORITY.defaultCase(), "must be one of fastest, cheapest, balanced, "
                        + "best, private-only, was \"" + v + "\""))).orElse(policy.defaultPriority());
        DataClass declared = req.headers().first(DATA_CLASS).map(RoutingInput::dataClass).orElse(null);
        DataClass tenantClass = tenant.map(Tenant::dataClass).orElse(null);
        if (tenantClass != null) {
            declared = declared == null ? tenantClass : declared.atLeast(tenantClass);
        }
        var requested = new RequestFeatures.Requested(requestId, pinned(request.model(), pool, policy), priority,
                tenant.map(Tenant::id).orElse(null));
        return new ChatInput(request.messages(), request.maxTokens(), request.structuredOutput(),
                request.toolsRequested(), declared, requested);
    }

    /** The target a request names: null for auto, a manifest id (aliases resolved), or a policy target id. */
    private static String pinned(String model, ModelPool pool, Policy policy) {
        if (model == null || model.isBlank() || model.equals("auto")) {
            return null;
        }
        if (model.contains("/") && policy.target(model).isPresent()) {
            return model;
        }
        return pool.resolve(model, TaskKind.CHAT).id(); // 404 for a name nobody knows
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
