package dev.gatehouse.router.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.router.access.Caller;
import dev.gatehouse.router.decisionlog.DecisionLog;
import dev.gatehouse.router.feedback.Feedback;
import dev.gatehouse.router.feedback.FeedbackLog;
import dev.gatehouse.router.routing.RequestRouter;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * {@code POST /v1/feedback}: a score or a preferred target for a logged decision, stored beside the decision log
 * ({@link FeedbackLog}) so that cost reports and retraining can join it by decision id. A decision the log does not
 * hold, or another tenant's decision when the caller's key is not an admin's, is a 404 naming {@code decision_id};
 * a server without a decision log answers 503, since the feedback would
 * have nothing to attach to. Nothing is acknowledged before it is written.
 */
final class FeedbackEndpoint implements Handler {
    private final RequestRouter router;
    private final long maxBodyBytes;
    private final Clock clock;

    FeedbackEndpoint(RequestRouter router, long maxBodyBytes, Clock clock) {
        this.router = router;
        this.maxBodyBytes = maxBodyBytes;
        this.clock = clock;
    }

    @Override
    public void handle(ServerRequest req, ServerResponse res) throws IOException {
        var body = JsonBody.read(req, maxBodyBytes);
        Caller caller = req.context().get(Caller.class).orElse(null);
        String tenant = caller == null ? null : caller.tenant();
        Feedback.Parsed parsed = Feedback.parse(body, tenant, clock.instant());
        if (!parsed.violations().isEmpty()) {
            Feedback.Violation first = parsed.violations().getFirst();
            throw InvalidRequestException.field(first.field(), first.rule() + parsed.violations().stream().skip(1)
                    .map(v -> "; " + v.field() + ": " + v.rule()).collect(Collectors.joining()));
        }
        Optional<Path> dir = router.decisionLogDir();
        if (dir.isEmpty()) {
            ErrorMapping.write(res, new ApiError(503, "server_error", "no_decision_log", null,
                    "feedback needs the decision log, which this server does not keep (decisionLog in gatehouse.yaml)",
                    null));
            return;
        }
        Feedback feedback = parsed.feedback();
        Optional<JsonNode> logged = DecisionLog.find(dir.get(), feedback.decisionId());
        if (logged.isPresent() && !mayJudge(caller, logged.get())) {
            logged = Optional.empty(); // another tenant's decision is not there for this caller, as a ticket is not
        }
        if (logged.isEmpty()) {
            ErrorMapping.write(res, new ApiError(404, "invalid_request_error", "decision_not_found", "decision_id",
                    "decision_id: no decision with this id in the decision log", null));
            return;
        }
        router.recordFeedback(logged.get().path("decision").path("arm").asText(null), feedback);
        ObjectNode answer = OpenAiJson.MAPPER.createObjectNode();
        answer.put("object", "feedback").put("decision_id", feedback.decisionId()).put("recorded", true);
        res.status(200);
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.send(OpenAiJson.bytes(answer));
    }

    /**
     * Whether the caller may judge a logged decision: its own tenant's, or any with an admin key. Decision ids can be
     * the client's own {@code x-request-id}, so they may be guessed; without this one tenant could steer another's
     * training and rollout verdict. A server without keys has no tenants to keep apart.
     */
    private static boolean mayJudge(Caller caller, JsonNode loggedLine) {
        if (caller == null || caller.admin()) return true;
        return caller.tenant().equals(loggedLine.path("decision").path("features").path("tenant").asText(null));
    }
}
