package dev.gatehouse.router.http;

import dev.gatehouse.inference.ModelPool;
import dev.gatehouse.inference.TokenEvent;
import dev.gatehouse.inference.TokenLogprob;
import dev.gatehouse.inference.TokenStream;
import dev.gatehouse.router.escalation.FallbackChain;
import dev.gatehouse.router.escalation.FallbackChain.Answer;
import dev.gatehouse.router.features.ChatInput;
import dev.gatehouse.router.features.RequestFeatures;
import dev.gatehouse.router.policy.Decision;
import dev.gatehouse.router.routing.RequestRouter;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * {@code POST /v1/chat/completions}. The whole request path is {@link #handle}, top to bottom: parse, features,
 * decision (gates included), the targets in order (fallbacks, or the cascade), stream; errors are thrown and mapped
 * by {@link RequestLifecycleFilter}, which also writes the log line, the decision log line and the metrics
 * afterwards.
 */
final class ChatCompletionsEndpoint implements Handler {

    static final HeaderName FALLBACK_FROM = HeaderNames.create("x-gatehouse-fallback-from");
    static final HeaderName CASCADE = HeaderNames.create("x-gatehouse-cascade");

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
        String apiKeyId = RoutingInput.apiKeyId(req);
        RequestFeatures features = router.features(input);
        record.promptHash = router.promptHash(input);
        record.tenant = features.request().tenant();
        Decision decision = router.decide(features, apiKeyId); // gates read provider health, budget, cap
        record.decision = decision; // logged with its outcome when the response is done (RequestLifecycleFilter)
        RouteEndpoint.headers(res, decision);
        RouteEndpoint.privacyHeaders(res, features); // data class and finding types, never values
        if (decision.refused()) {
            throw new RouteRefusedException(decision);
        }

        record.model = decision.target(); // until another target answers: an error still names the one tried
        res.header(RequestLifecycleFilter.MODEL, decision.target());
        var attempts = new TargetAttempts(pool, router, request, features, record, apiKeyId, router.escalates(decision));
        List<String> targets = RoutingInput.fallbacks(req, router.policy()) ? decision.targetsInOrder()
                : List.of(decision.target());
        Answer<String> answer = answer(attempts, targets, decision, request, res);
        record.model = answer.target();
        res.header(RequestLifecycleFilter.MODEL, answer.target());
        if (!answer.failures().isEmpty()) {
            res.header(FALLBACK_FROM, answer.failures().stream().map(f -> f.target())
                    .collect(Collectors.joining(",")));
        }

        try (TokenStream tokens = new DeadlineTokenStream(answer.tokens(), requestTimeout)) {
            var completion = new CompletionIds("chatcmpl-" + record.requestId, Instant.now().getEpochSecond(),
                    answer.target());
            if (request.stream()) {
                ChatEventStream.write(tokens, completion, request.includeUsage(), request.sampling().logprobs(), res,
                        record);
            } else {
                writeCompletion(tokens, completion, request.sampling().logprobs(), res, record);
            }
        } // closing the stream cancels a generation the client walked away from and frees the slot
    }

    /**
     * The first target that starts answering, in the decision's order (each start reserves the budget and waits for
     * the first token); with a cascade, the local answer checked by the quality gate, or the provider's.
     */
    private Answer<String> answer(TargetAttempts attempts, List<String> targets, Decision decision,
            ChatCompletionRequest request, ServerResponse res) {
        var chain = new FallbackChain<>(attempts::start);
        if (decision.cascadeTo() == null) {
            return chain.run(targets);
        }
        var cascade = Cascade.run(chain, targets, decision.cascadeTo(), router.policy().escalation().cascade(),
                request.structuredOutput());
        res.header(CASCADE, cascade.outcome());
        return cascade.answer();
    }

    /** Drains the stream into one {@code chat.completion} object, with the cost in {@code usage.gatehouse_cost}. */
    private void writeCompletion(TokenStream tokens, CompletionIds ids, boolean logprobs, ServerResponse res,
            RequestRecord record) {
        StringBuilder text = new StringBuilder();
        List<TokenLogprob> tokenLogprobs = logprobs ? new ArrayList<>() : null;
        TokenEvent event;
        while ((event = tokens.next()) instanceof TokenEvent.Text piece) {
            if (record.firstTokenNanos < 0) {
                record.firstTokenNanos = System.nanoTime();
            }
            text.append(piece.text());
            if (logprobs) {
                tokenLogprobs.addAll(piece.logprobs());
            }
        }
        TokenEvent.End end = (TokenEvent.End) event;
        record.promptTokens = end.usage().promptTokens();
        record.completionTokens = end.usage().completionTokens();
        record.completionText = logPrompts ? text.toString() : null;
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.send(OpenAiJson.bytes(OpenAiJson.withCost(OpenAiJson.completion(ids.id(), ids.created(), ids.model(),
                text.toString(), tokenLogprobs, end.toolCalls(), end.finishReason(), end.usage()), record.cost)));
    }

    /** What every object of one completion repeats. */
    record CompletionIds(String id, long created, String model) {}
}
