package dev.gatehouse.router.access;

import dev.gatehouse.router.audit.AuditTrail;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import java.time.Duration;

/**
 * Lets a request in or answers it with an OpenAI-shaped error: 401 without a valid key, 403 when the route needs
 * an admin key, 429 with {@code Retry-After} past the key's limits. A request let in carries its {@link Caller}
 * (and a {@link TokenCharge}) in its context. Administrative changes are written to the audit trail.
 */
final class AccessFilter implements Filter {

    private static final String CHAT = "/v1/chat/completions";

    private final AccessGate gate;

    AccessFilter(AccessGate gate) {
        this.gate = gate;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        String method = req.prologue().method().text();
        String path = req.path().path();
        RouteScope scope = RouteScope.of(method, path);
        Caller caller = null;
        boolean stream = false;
        if (gate.keysRequired() && needsKey(scope)) {
            String presented = bearer(req);
            if (presented == null) {
                refuse(res, AccessErrors.missingKey());
                return;
            }
            caller = gate.keys().authenticate(presented).orElse(null);
            if (caller == null) {
                refuse(res, AccessErrors.invalidKey());
                return;
            }
            if ((scope.need() == RouteScope.Need.ADMIN || scope.need() == RouteScope.Need.VIEW) && !caller.admin()) {
                refuse(res, AccessErrors.adminRequired(method, path));
                return;
            }
            stream = method.equals("POST") && path.equals(CHAT);
            RateLimiter.Refusal refusal = gate.limiter().admit(caller.keyId(), stream);
            if (refusal != null) {
                gate.rateLimited();
                refuse(res, AccessErrors.rateLimited(refusal));
                return;
            }
            req.context().register(caller);
            req.context().register(new TokenCharge(gate.limiter(), caller.keyId()));
        }
        try {
            chain.proceed();
        } finally {
            if (stream) gate.limiter().streamEnded(caller.keyId());
            AuditTrail audit = gate.audit();
            if (audit != null && RouteScope.isAdministrativeChange(scope, method)) {
                audit.admin(caller == null ? null : caller.tenant(), caller == null ? null : caller.keyId(), method,
                        path, res.status().code());
            }
        }
    }

    private boolean needsKey(RouteScope scope) {
        return switch (scope.need()) {
            case NONE -> false;
            case VIEW -> !gate.openViews().contains(scope.view());
            case CLIENT, ADMIN -> true;
        };
    }

    /** The key of {@code Authorization: Bearer KEY}, or null. */
    private static String bearer(RoutingRequest req) {
        return req.headers().first(HeaderNames.AUTHORIZATION)
                .filter(v -> v.regionMatches(true, 0, "Bearer ", 0, 7))
                .map(v -> v.substring(7).strip())
                .filter(v -> !v.isEmpty())
                .orElse(null);
    }

    private void refuse(RoutingResponse res, AccessErrors.Refusal refusal) {
        gate.refused(refusal.status());
        res.status(refusal.status());
        if (refusal.status() == 401) {
            res.header(HeaderValues.create(HeaderNames.WWW_AUTHENTICATE, "Bearer realm=\"gatehouse\""));
        }
        Duration retry = refusal.retryAfter();
        if (retry != null) {
            res.header(HeaderNames.RETRY_AFTER, Long.toString(Math.max(1, (retry.toMillis() + 999) / 1000)));
        }
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.send(refusal.body());
    }
}
