package dev.gatehouse.router.http;

import dev.gatehouse.inference.TokenEvent;
import dev.gatehouse.inference.TokenLogprob;
import dev.gatehouse.inference.TokenStream;
import dev.gatehouse.router.escalation.Cost;
import dev.gatehouse.router.policy.Decision;
import dev.gatehouse.router.privacy.DataClass;
import dev.gatehouse.router.privacy.Finding;
import dev.gatehouse.router.privacy.PrivacyHeaders;
import dev.gatehouse.router.serving.ChatCompletionRequest;
import dev.gatehouse.router.serving.ChatReply;
import dev.gatehouse.router.serving.RequestedModel;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * A chat request's response: the routing headers as serving decides, then the answer as one
 * {@code chat.completion} object or as server-sent events ({@link ChatEventStream}).
 */
final class HttpChatReply implements ChatReply {

    static final HeaderName FALLBACK_FROM = HeaderNames.create("x-gatehouse-fallback-from");
    static final HeaderName CASCADE = HeaderNames.create("x-gatehouse-cascade");
    /** Set when the request named a model nobody here knows and the policy routed it as {@code auto}. */
    static final HeaderName UNKNOWN_MODEL = HeaderNames.create("x-gatehouse-unknown-model");

    private final ServerResponse res;
    private final ChatCompletionRequest request;
    private final RequestRecord record;

    HttpChatReply(ServerResponse res, ChatCompletionRequest request, RequestRecord record) {
        this.res = res;
        this.request = request;
        this.record = record;
    }

    @Override
    public void classified(DataClass dataClass, List<Finding> findings) {
        res.header(PrivacyHeaders.DATA_CLASS, dataClass.wireName());
        res.header(PrivacyHeaders.FINDINGS, PrivacyHeaders.findingTypes(findings));
    }

    @Override
    public void decided(Decision decision, RequestedModel model) {
        RouteEndpoint.headers(res, decision);
        if (model.unknown()) {
            res.header(UNKNOWN_MODEL, headerSafe(model.asked()));
        }
        if (!decision.refused()) {
            res.header(RequestLifecycleFilter.MODEL, decision.target()); // until another target answers
        }
    }

    /** 202 with the ticket: the client polls its URL for the answer (or the rejection). */
    @Override
    public void heldForReview(dev.gatehouse.router.serving.ReviewStep.Held held) {
        res.status(202);
        res.header(HeaderNames.LOCATION, ReviewJson.url(held.ticketId()));
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.send(OpenAiJson.bytes(ReviewJson.held(held)));
    }

    @Override
    public void answering(String target, List<String> failedBefore, String cascade) {
        res.header(RequestLifecycleFilter.MODEL, target);
        if (!failedBefore.isEmpty()) {
            res.header(FALLBACK_FROM, String.join(",", failedBefore));
        }
        if (cascade != null) {
            res.header(CASCADE, cascade);
        }
    }

    @Override
    public Delivery deliver(String target, TokenStream tokens, Supplier<Cost> cost, boolean keepText) {
        var ids = new CompletionIds("chatcmpl-" + record.requestId, Instant.now().getEpochSecond(), target);
        if (request.stream()) {
            return ChatEventStream.write(tokens, ids, request.includeUsage(), request.sampling().logprobs(), res,
                    record, cost, keepText);
        }
        return writeCompletion(tokens, ids, cost, keepText);
    }

    /** Drains the stream into one {@code chat.completion} object, with the cost in {@code usage.gatehouse_cost}. */
    private Delivery writeCompletion(TokenStream tokens, CompletionIds ids, Supplier<Cost> cost, boolean keepText) {
        boolean logprobs = request.sampling().logprobs();
        StringBuilder text = new StringBuilder();
        List<TokenLogprob> tokenLogprobs = logprobs ? new ArrayList<>() : null;
        long firstToken = -1;
        TokenEvent event;
        while ((event = tokens.next()) instanceof TokenEvent.Text piece) {
            if (firstToken < 0) {
                firstToken = System.nanoTime();
            }
            text.append(piece.text());
            if (logprobs) {
                tokenLogprobs.addAll(piece.logprobs());
            }
        }
        TokenEvent.End end = (TokenEvent.End) event;
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.send(OpenAiJson.bytes(OpenAiJson.withCost(OpenAiJson.completion(ids.id(), ids.created(), ids.model(),
                text.toString(), tokenLogprobs, end.toolCalls(), end.finishReason(), end.usage()), cost.get())));
        return new Delivery(end.usage().promptTokens(), end.usage().completionTokens(), firstToken,
                keepText ? text.toString() : null, null, false);
    }

    /** A model name is the client's text: header-safe and bounded before it is echoed. */
    static String headerSafe(String name) {
        String printable = name.replaceAll("[^\\x21-\\x7e]", "?");
        return printable.length() <= 100 ? printable : printable.substring(0, 100);
    }

    /** What every object of one completion repeats. */
    record CompletionIds(String id, long created, String model) {}
}
