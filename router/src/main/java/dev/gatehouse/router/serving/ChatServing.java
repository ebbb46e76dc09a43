package dev.gatehouse.router.serving;

import dev.gatehouse.inference.InferenceException;
import dev.gatehouse.inference.ModelPool;
import dev.gatehouse.inference.TokenStream;
import dev.gatehouse.router.escalation.FallbackChain;
import dev.gatehouse.router.escalation.FallbackChain.Answer;
import dev.gatehouse.router.escalation.NoTargetAnsweredException;
import dev.gatehouse.router.features.ChatInput;
import dev.gatehouse.router.features.RequestFeatures;
import dev.gatehouse.router.policy.Decision;
import dev.gatehouse.router.policy.Policy;
import dev.gatehouse.router.privacy.DataClass;
import dev.gatehouse.router.routing.RequestRouter;
import dev.gatehouse.router.tools.HttpToolCall;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The chat request path. {@link #serve} shows it whole, in order: the model the request names, features, the
 * decision (gates included), the targets in order (each: lease, prompt count, budget, generate, first token; with
 * fallbacks or a cascade), the stream, the outcome. One deadline covers all of it. The HTTP layer only translates:
 * it parses into a {@link ChatCall}, says who calls ({@link Caller}), writes through a {@link ChatReply}, and maps a
 * failure in the returned {@link ServingOutcome}.
 */
public final class ChatServing {

    private final ReviewStep review;
    private final ModelPool pool;
    private final RequestRouter router;
    private final Duration requestTimeout;
    private final boolean logPrompts;
    private final HttpToolCall toolCalls = new HttpToolCall(HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build());

    /** @param logPrompts whether prompt and completion text go into the outcome (and so into the request log) */
    public ChatServing(ModelPool pool, RequestRouter router, Duration requestTimeout, boolean logPrompts) {
        this.pool = Objects.requireNonNull(pool, "pool");
        this.router = Objects.requireNonNull(router, "router");
        this.requestTimeout = Objects.requireNonNull(requestTimeout, "requestTimeout");
        this.logPrompts = logPrompts;
        this.review = ReviewStep.NONE;
    }

    private ChatServing(ChatServing serving, ReviewStep review) {
        this.pool = serving.pool;
        this.router = serving.router;
        this.requestTimeout = serving.requestTimeout;
        this.logPrompts = serving.logPrompts;
        this.review = Objects.requireNonNull(review, "review");
    }

    /** This serving with a review step after the decision (the review lane answers approved requests without it). */
    public ChatServing withReview(ReviewStep review) {
        return new ChatServing(this, review);
    }

    public ServingOutcome serve(ChatCall call, Caller caller, ChatReply reply) {
        ChatCompletionRequest request = call.request();
        var outcome = new ServingOutcome.Builder(request.stream(), logPrompts ? request.promptText() : null);
        try (RequestDeadline deadline = RequestDeadline.start(requestTimeout)) {
            RequestedModel model = RequestedModel.forChat(request.model(), pool, router.policy());
            ChatInput input = input(call, caller, model);
            RequestFeatures features = router.features(input);
            outcome.routed(router.promptHash(input), caller.tenantId());
            // the rollout arm, its tools that understand the whole question, gates, the shadow; may take the cap place
            RequestRouter.Routed routed = router.route(features, caller.apiKeyId(), call.clientAddress(),
                    input.messages());
            Decision decision = routed.decision();
            outcome.decided(decision);
            reply.classified(features.dataClass(), features.findings()); // types only reach the wire, never values
            reply.decided(decision, model);
            if (decision.refused()) throw new RouteRefusedException(decision);
            ReviewStep.Held held = review.hold(call, caller, decision, router.promptHash(input));
            if (held != null) { // a rule asked a person to approve it first: a ticket, not an answer
                outcome.held();
                reply.heldForReview(held);
                return outcome.build();
            }

            var attempts = new TargetAttempts(pool, router, request, features, caller, deadline,
                    routed.holdsEscalationPlace(), outcome::cost, routed.policy(), routed.tools(), toolCalls);
            Answer<String> answer = answer(attempts, targets(call, decision, routed.policy()), decision, request,
                    reply, routed.policy());
            outcome.answeredBy(answer.target());
            try (TokenStream tokens = answer.tokens()) { // closing cancels what the client walked away from
                outcome.delivered(reply.deliver(answer.target(), tokens, outcome::cost, logPrompts));
            }
        } catch (RuntimeException e) {
            outcome.failed(e);
        }
        return outcome.build();
    }

    /** Decides without serving ({@code /v1/route}): nothing is remembered, counted or reserved. */
    public ServingOutcome route(ChatCall call, Caller caller) {
        RequestedModel model = RequestedModel.forChat(call.request().model(), pool, router.policy());
        ChatInput input = input(call, caller, model);
        Decision decision = router.dryRun(router.features(input), caller.apiKeyId(), call.clientAddress(),
                input.messages());
        return ServingOutcome.decided(decision, router.promptHash(input), caller.tenantId());
    }

    /** Whether the review step would hold a request so decided (the dry run says so instead of naming a target). */
    public ReviewStep.Hold wouldHold(Decision decision) {
        return decision.refused() ? null : review.wouldHold(decision);
    }

    /** The decision's targets in order, or only its choice when the request or the policy turns fallbacks off. */
    private List<String> targets(ChatCall call, Decision decision, Policy policy) {
        boolean fallbacks = policy.escalation().fallbacks() && !Boolean.FALSE.equals(call.fallbacks());
        return fallbacks ? decision.targetsInOrder() : List.of(decision.target());
    }

    /**
     * The first target that starts answering, in order; with a cascade, the local answer checked by the quality
     * gate, or the provider's. A prompt that fits no target tried is the client's 400, worded with real counts.
     */
    private Answer<String> answer(TargetAttempts attempts, List<String> targets, Decision decision,
            ChatCompletionRequest request, ChatReply reply, Policy policy) {
        var chain = new FallbackChain<>(attempts::start);
        try {
            if (decision.cascadeTo() == null) {
                Answer<String> answer = chain.run(targets);
                reply.answering(answer.target(), failed(answer), null);
                return answer;
            }
            if (policy.escalation().cascade().readsLogprobs()) attempts.askLogprobsForTheGate();
            var cascade = Cascade.run(chain, targets, decision.cascadeTo(), policy.escalation().cascade(),
                    request.structuredOutput(), request.sampling().logprobs(), policy);
            reply.answering(cascade.answer().target(), failed(cascade.answer()), cascade.outcome());
            return cascade.answer();
        } catch (NoTargetAnsweredException e) {
            if (e.last() instanceof InferenceException overflow
                    && overflow.kind() == InferenceException.Kind.CONTEXT_OVERFLOW && overflow.promptTokens() >= 0) {
                CompletionBudget.decide(request.maxTokens(), "max_tokens", overflow.promptTokens(),
                        overflow.contextLength());
            }
            throw e;
        }
    }

    private static List<String> failed(Answer<String> answer) {
        return answer.failures().stream().map(FallbackChain.Failure::target).toList();
    }

    /** The request as the feature extractor sees it: the tenant's data class raises the declared one. */
    private ChatInput input(ChatCall call, Caller caller, RequestedModel model) {
        Policy policy = router.policy();
        DataClass declared = call.declaredClass();
        DataClass tenantClass = caller.tenant() == null ? null : caller.tenant().dataClass();
        if (tenantClass != null) {
            declared = declared == null ? tenantClass : declared.atLeast(tenantClass);
        }
        ChatCompletionRequest request = call.request();
        var requested = new RequestFeatures.Requested(call.requestId(), model.pinned(),
                call.priority() != null ? call.priority() : policy.defaultPriority(), caller.tenantId());
        return new ChatInput(request.messages(), request.maxTokens(), request.structuredOutput(),
                request.toolsRequested(), declared, requested);
    }
}
