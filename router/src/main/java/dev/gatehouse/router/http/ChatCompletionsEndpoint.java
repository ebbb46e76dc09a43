package dev.gatehouse.router.http;

import dev.gatehouse.inference.ChatLease;
import dev.gatehouse.inference.ModelPool;
import dev.gatehouse.inference.TokenEvent;
import dev.gatehouse.inference.TokenStream;
import dev.gatehouse.manifest.ModelSpec;
import dev.gatehouse.manifest.TaskKind;
import dev.gatehouse.router.features.ChatInput;
import dev.gatehouse.router.features.RequestFeatures;
import dev.gatehouse.router.policy.Decision;
import dev.gatehouse.router.routing.RequestRouter;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.Duration;
import java.time.Instant;

/**
 * {@code POST /v1/chat/completions}. The whole request path is {@link #handle}, top to bottom: parse, features,
 * decision, lease, stream; errors are thrown and mapped by {@link RequestLifecycleFilter}, which also writes the
 * log line, the decision log line and the metrics afterwards.
 */
final class ChatCompletionsEndpoint implements Handler {

    private final ModelPool pool;
    private final RequestRouter router;
    private final long maxBodyBytes;
    private final Duration requestTimeout;
    private final boolean logPrompts;

    ChatCompletionsEndpoint(ModelPool pool, RequestRouter router, long maxBodyBytes, Duration requestTimeout,
            boolean logPrompts) {
        this.pool = pool;
        this.router = router;
        this.maxBodyBytes = maxBodyBytes;
        this.requestTimeout = requestTimeout;
        this.logPrompts = logPrompts;
    }

    @Override
    public void handle(ServerRequest req, ServerResponse res) {
        RequestRecord record = RequestLifecycleFilter.record(req);
        ChatCompletionRequest request = ChatCompletionParser.parse(JsonBody.read(req, maxBodyBytes));
        record.streamed = request.stream();
        record.promptText = logPrompts ? request.promptText() : null;

        ChatInput input = RoutingInput.of(req, request, record.requestId, pool, router.policy());
        RequestFeatures features = router.features(input);
        record.promptHash = router.promptHash(input);
        Decision decision = router.decide(features);
        record.decision = decision; // logged with its outcome when the response is done (RequestLifecycleFilter)
        RouteEndpoint.headers(res, decision);
        if (decision.refused()) {
            throw new RouteRefusedException(decision);
        }

        ModelSpec spec = pool.resolve(decision.target(), TaskKind.CHAT);
        record.model = spec.id();
        res.header(RequestLifecycleFilter.MODEL, spec.id());

        try (ChatLease lease = pool.leaseChat(spec)) {
            int promptTokens = lease.countPromptTokens(request.messages());
            record.promptTokens = promptTokens;
            int budget = CompletionBudget.decide(request.maxTokens(), "max_tokens", promptTokens,
                    lease.contextLength());

            try (TokenStream tokens = new DeadlineTokenStream(lease.generate(request.toChatRequest(budget)),
                    requestTimeout)) {
                var completion = new CompletionIds("chatcmpl-" + record.requestId, Instant.now().getEpochSecond(),
                        spec.id());
                if (request.stream()) {
                    ChatEventStream.write(tokens, completion, request.includeUsage(), res, record);
                } else {
                    writeCompletion(tokens, completion, res, record);
                }
            } // closing the stream cancels a generation the client walked away from and frees the slot
        }
    }

    /** Drains the stream into one {@code chat.completion} object. */
    private void writeCompletion(TokenStream tokens, CompletionIds ids, ServerResponse res, RequestRecord record) {
        StringBuilder text = new StringBuilder();
        TokenEvent event;
        while ((event = tokens.next()) instanceof TokenEvent.Text piece) {
            if (record.firstTokenNanos < 0) {
                record.firstTokenNanos = System.nanoTime();
            }
            text.append(piece.text());
        }
        TokenEvent.End end = (TokenEvent.End) event;
        record.promptTokens = end.usage().promptTokens();
        record.completionTokens = end.usage().completionTokens();
        record.completionText = logPrompts ? text.toString() : null;
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.send(OpenAiJson.bytes(OpenAiJson.completion(ids.id(), ids.created(), ids.model(), text.toString(),
                end.finishReason(), end.usage())));
    }

    /** What every object of one completion repeats. */
    record CompletionIds(String id, long created, String model) {}
}
