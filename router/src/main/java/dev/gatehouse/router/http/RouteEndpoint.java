package dev.gatehouse.router.http;

import dev.gatehouse.router.decisionlog.DecisionJson;
import dev.gatehouse.router.policy.Decision;
import dev.gatehouse.router.serving.ChatCompletionRequest;
import dev.gatehouse.router.serving.ChatServing;
import dev.gatehouse.router.serving.ReviewStep;
import dev.gatehouse.router.serving.ServingOutcome;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * {@code POST /v1/route}: the body of a chat completion, answered with the routing decision instead of a
 * completion (a dry run: nothing is generated and the choice is not remembered for hysteresis). A refusal is a
 * decision too: 200 with {@code "target": null} and the reasons. A request a rule would hold for human review says
 * so under {@code review}: the rule, the targets it would be released to once approved, how long it would wait.
 */
final class RouteEndpoint implements Handler {

    private final ChatServing serving;
    private final RoutingInput routing;
    private final long maxBodyBytes;

    RouteEndpoint(ChatServing serving, RoutingInput routing, long maxBodyBytes) {
        this.serving = serving;
        this.routing = routing;
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    public void handle(ServerRequest req, ServerResponse res) {
        RequestRecord record = RequestLifecycleFilter.record(req);
        ChatCompletionRequest request = ChatCompletionParser.parse(JsonBody.read(req, maxBodyBytes));
        ServingOutcome outcome = serving.route(routing.call(req, record.requestId, request), routing.caller(req));
        record.served(outcome);
        headers(res, outcome.decision());
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        var body = DecisionJson.of(outcome.decision());
        ReviewStep.Hold hold = serving.wouldHold(outcome.decision());
        if (hold != null) { // the target is not where it goes now: a person approves it first
            var review = body.putObject("review").put("held", true).put("rule", hold.rule())
                    .put("expiresAfterSeconds", hold.expiresAfter().toSeconds());
            hold.releasedTo().forEach(review.putArray("releasedTo")::add);
        }
        res.send(OpenAiJson.bytes(body));
    }

    /**
     * {@code x-gatehouse-decision-id}, {@code x-gatehouse-reasons} (comma-separated reason codes) and, during a
     * rollout, {@code x-gatehouse-arm} ({@code live} or {@code candidate}).
     */
    static void headers(ServerResponse res, Decision decision) {
        res.header(RoutingInput.DECISION_ID, decision.id());
        res.header(RoutingInput.REASONS, decision.reasonCodes());
        if (decision.arm() != null) res.header(RoutingInput.ARM, decision.arm());
    }
}
