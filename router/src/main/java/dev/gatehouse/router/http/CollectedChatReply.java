package dev.gatehouse.router.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.inference.TokenEvent;
import dev.gatehouse.inference.TokenLogprob;
import dev.gatehouse.inference.TokenStream;
import dev.gatehouse.router.escalation.Cost;
import dev.gatehouse.router.policy.Decision;
import dev.gatehouse.router.serving.ChatCompletionRequest;
import dev.gatehouse.router.serving.ChatReply;
import dev.gatehouse.router.serving.RequestedModel;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The reply of a request answered after review approval: nobody is connected, so the answer is collected into the
 * same {@code chat.completion} object a client would have received (never streamed: the client fetches it from its
 * ticket).
 */
final class CollectedChatReply implements ChatReply {

    private final ChatCompletionRequest request;
    private final String requestId;
    private ObjectNode completion;

    CollectedChatReply(ChatCompletionRequest request, String requestId) {
        this.request = request;
        this.requestId = requestId;
    }

    @Override
    public void decided(Decision decision, RequestedModel model) {}

    @Override
    public void answering(String target, List<String> failedBefore, String cascade) {}

    @Override
    public Delivery deliver(String target, TokenStream tokens, Supplier<Cost> cost, boolean keepText) {
        boolean logprobs = request.sampling().logprobs();
        StringBuilder text = new StringBuilder();
        List<TokenLogprob> tokenLogprobs = logprobs ? new ArrayList<>() : null;
        long firstToken = -1;
        TokenEvent event;
        while ((event = tokens.next()) instanceof TokenEvent.Text piece) {
            if (firstToken < 0) firstToken = System.nanoTime();
            text.append(piece.text());
            if (logprobs) tokenLogprobs.addAll(piece.logprobs());
        }
        TokenEvent.End end = (TokenEvent.End) event;
        completion = OpenAiJson.withCost(OpenAiJson.completion("chatcmpl-" + requestId, Instant.now().getEpochSecond(),
                target, text.toString(), tokenLogprobs, end.toolCalls(), end.finishReason(), end.usage()), cost.get());
        return new Delivery(end.usage().promptTokens(), end.usage().completionTokens(), firstToken,
                keepText ? text.toString() : null, null, false);
    }

    /** The collected answer, or null when none was delivered. */
    ObjectNode completion() {
        return completion;
    }
}
