package dev.gatehouse.router.http;

import dev.gatehouse.inference.ModelPool;
import dev.gatehouse.router.decisionlog.DecisionJson;
import dev.gatehouse.router.features.ChatInput;
import dev.gatehouse.router.features.RequestFeatures;
import dev.gatehouse.router.policy.Decision;
import dev.gatehouse.router.privacy.PrivacyHeaders;
import dev.gatehouse.router.routing.RequestRouter;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * {@code POST /v1/route}: the body of a chat completion, answered with the routing decision instead of a
 * completion (a dry run: nothing is generated and the choice is not remembered for hysteresis). A refusal is a
 * decision too: 200 with {@code "target": null} and the reasons.
 */
final class RouteEndpoint implements Handler {

    private final ModelPool pool;
    private final RequestRouter router;
    private final long maxBodyBytes;

    RouteEndpoint(ModelPool pool, RequestRouter router, long maxBodyBytes) {
        this.pool = pool;
        this.router = router;
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    public void handle(ServerRequest req, ServerResponse res) {
        RequestRecord record = RequestLifecycleFilter.record(req);
        ChatCompletionRequest request = ChatCompletionParser.parse(JsonBody.read(req, maxBodyBytes));
        ChatInput input = RoutingInput.of(req, request, record.requestId, pool, router.policy());
        RequestFeatures features = router.features(input);
        Decision decision = router.dryRun(features, RoutingInput.apiKeyId(req));
        record.promptHash = router.promptHash(input);
        record.decision = decision;
        record.dryRun = true;
        headers(res, decision);
        privacyHeaders(res, features);
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.send(OpenAiJson.bytes(DecisionJson.of(decision)));
    }

    /** {@code x-gatehouse-decision-id} and {@code x-gatehouse-reasons} (comma-separated reason codes). */
    static void headers(ServerResponse res, Decision decision) {
        res.header(RoutingInput.DECISION_ID, decision.id());
        res.header(RoutingInput.REASONS, decision.reasonCodes());
    }

    /** {@code x-gatehouse-data-class} and {@code x-gatehouse-findings} (finding types only, never values). */
    static void privacyHeaders(ServerResponse res, RequestFeatures features) {
        res.header(PrivacyHeaders.DATA_CLASS, features.dataClass().wireName());
        res.header(PrivacyHeaders.FINDINGS, PrivacyHeaders.findingTypes(features.findings()));
    }
}
