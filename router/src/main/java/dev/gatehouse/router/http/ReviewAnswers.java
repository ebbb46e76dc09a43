package dev.gatehouse.router.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.router.policy.Decision;
import dev.gatehouse.router.review.ReviewLane;
import dev.gatehouse.router.serving.ChatCompletionRequest;
import dev.gatehouse.router.serving.Caller;
import dev.gatehouse.router.serving.ChatCall;
import dev.gatehouse.router.serving.ChatServing;
import dev.gatehouse.router.serving.ServingOutcome;

/**
 * Answers approved requests for the review lane: the request path without the review step, its answer collected,
 * a failure worded by {@link ErrorMapping} as the client would have seen it. After a restart, a stored request is
 * parsed again by the chat endpoint's parser and decided again by the dry run.
 */
final class ReviewAnswers implements ReviewLane.Answerer {

    private final ChatServing serving;

    /** @param serving serving without a review step: an approved request is not held again */
    ReviewAnswers(ChatServing serving) {
        this.serving = serving;
    }

    @Override
    public ReviewLane.Answer answer(ChatCall call, Caller caller) {
        var reply = new CollectedChatReply(call.request(), call.requestId());
        ServingOutcome outcome = serving.serve(call, caller, reply);
        if (outcome.failure() == null && reply.completion() != null) {
            return new ReviewLane.Answer(outcome, 200, reply.completion(), null);
        }
        ApiError error = outcome.failure() != null ? ErrorMapping.map(outcome.failure(), call.requestId())
                : ErrorMapping.unexpected(call.requestId());
        return new ReviewLane.Answer(outcome, error.status(),
                OpenAiJson.error(error.message(), error.type(), error.param(), error.code()), error.code());
    }

    @Override
    public ChatCompletionRequest parse(JsonNode body) {
        return ChatCompletionParser.parse(body);
    }

    @Override
    public Decision decide(ChatCall call, Caller caller) {
        return serving.route(call, caller).decision();
    }
}
