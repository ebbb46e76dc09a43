package dev.gatehouse.router.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.router.review.ReviewLane;
import dev.gatehouse.router.review.ReviewStatus;
import dev.gatehouse.router.review.ReviewTicket;
import dev.gatehouse.router.review.Reviewer;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * The review lane's routes, translating only: the client polls {@code GET /v1/reviews/{id}}; admins list
 * ({@code GET /v1/admin/reviews}), look at one, approve or reject ({@code POST .../approve|reject}, a reject body
 * may carry {@code {"reason": "..."}}). The admin scope is the access filter's ({@code /v1/admin/**}); who decided is
 * the admin key the filter let in.
 */
final class ReviewEndpoints {

    static final String TICKET = "/v1/reviews/{id}";
    static final String LIST = "/v1/admin/reviews";
    static final String ONE = "/v1/admin/reviews/{id}";
    static final String APPROVE = "/v1/admin/reviews/{id}/approve";
    static final String REJECT = "/v1/admin/reviews/{id}/reject";

    private final ReviewLane lane;
    private final RoutingInput routing;
    private final long maxBodyBytes;

    ReviewEndpoints(ReviewLane lane, RoutingInput routing, long maxBodyBytes) {
        this.lane = lane;
        this.routing = routing;
        this.maxBodyBytes = maxBodyBytes;
    }

    void register(HttpRouting.Builder routes) {
        routes.get(TICKET, (req, res) -> {
            ReviewTicket t = lane.ticketOf(id(req), routing.caller(req));
            boolean waiting = t.status() == ReviewStatus.PENDING || t.status() == ReviewStatus.APPROVED;
            send(res, waiting ? 202 : 200, ReviewJson.forClient(t));
        });
        routes.get(LIST, (req, res) -> send(res, 200, ReviewJson.list(lane.list())));
        routes.get(ONE, (req, res) -> send(res, 200, ReviewJson.forAdmin(lane.ticket(id(req)))));
        routes.post(APPROVE, (req, res) -> {
            String target = text(req, "target", "{\"target\": \"local-model\"}");
            send(res, 200, ReviewJson.forAdmin(lane.approve(id(req), reviewer(req), target)));
        });
        routes.post(REJECT, (req, res) -> {
            String reason = text(req, "reason", "{\"reason\": \"...\"}");
            send(res, 200, ReviewJson.forAdmin(lane.reject(id(req), reviewer(req), reason)));
        });
        routes.any(TICKET, methodNotAllowed("GET"));
        routes.any(LIST, methodNotAllowed("GET"));
        routes.any(ONE, methodNotAllowed("GET"));
        routes.any(APPROVE, methodNotAllowed("POST"));
        routes.any(REJECT, methodNotAllowed("POST"));
    }

    /**
     * {@code field} from an optional JSON body (approve: {@code target}, a human override; reject: {@code reason}):
     * absent, null or a string.
     */
    private String text(ServerRequest req, String field, String example) {
        if (!req.content().hasEntity()) return null;
        JsonNode body = JsonBody.read(req, maxBodyBytes);
        if (!body.isObject()) throw InvalidRequestException.field("body", "must be a JSON object such as " + example);
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) return null;
        if (!value.isTextual()) throw InvalidRequestException.field(field, "must be a string");
        return value.asText();
    }

    /** The admin key that made the request; unidentified when the server runs without keys. */
    private static Reviewer reviewer(ServerRequest req) {
        return req.context().get(dev.gatehouse.router.access.Caller.class)
                .map(c -> new Reviewer(c.tenant(), c.keyId())).orElse(Reviewer.UNIDENTIFIED);
    }

    private static String id(ServerRequest req) {
        return req.path().pathParameters().get("id");
    }

    private static io.helidon.webserver.http.Handler methodNotAllowed(String allowed) {
        return (req, res) -> {
            res.header(HeaderNames.ALLOW, allowed);
            ErrorMapping.write(res, ErrorMapping.methodNotAllowed(req.prologue().method().text(),
                    req.path().path(), allowed));
        };
    }

    private static void send(ServerResponse res, int status, ObjectNode body) {
        res.status(status);
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
        res.send(OpenAiJson.bytes(body));
    }
}
