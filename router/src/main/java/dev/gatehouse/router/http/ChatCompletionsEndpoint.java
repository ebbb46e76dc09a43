package dev.gatehouse.router.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.router.serving.ChatCall;
import dev.gatehouse.router.serving.ChatCompletionRequest;
import dev.gatehouse.router.serving.ChatServing;
import dev.gatehouse.router.serving.ServingOutcome;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * {@code POST /v1/chat/completions}: translates only. The body and headers become a {@link ChatCall}, the request
 * path is {@link ChatServing#serve}, the response is written by {@link HttpChatReply}; a failure before the
 * response started is thrown for {@link RequestLifecycleFilter} to map, which also logs the outcome.
 */
final class ChatCompletionsEndpoint implements Handler {

    private final ChatServing serving;
    private final RoutingInput routing;
    private final long maxBodyBytes;

    ChatCompletionsEndpoint(ChatServing serving, RoutingInput routing, long maxBodyBytes) {
        this.serving = serving;
        this.routing = routing;
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    public void handle(ServerRequest req, ServerResponse res) {
        RequestRecord record = RequestLifecycleFilter.record(req);
        JsonNode body = JsonBody.read(req, maxBodyBytes);
        ChatCompletionRequest request = ChatCompletionParser.parse(body);
        ChatCall call = routing.call(req, record.requestId, request, body); // the body: a held request is stored
        ServingOutcome outcome = serving.serve(call, routing.caller(req), new HttpChatReply(res, request, record));
        record.served(outcome);
        if (outcome.failure() != null) {
            throw outcome.failure();
        }
    }
}
