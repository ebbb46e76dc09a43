package dev.gatehouse.router.serving;

import dev.gatehouse.inference.ChatLease;
import dev.gatehouse.inference.ChatMessage;
import dev.gatehouse.inference.ChatRequest;
import dev.gatehouse.inference.InferenceException;
import dev.gatehouse.inference.LocalGeneration;
import dev.gatehouse.inference.ModelPool;
import dev.gatehouse.inference.ResponseFormat;
import dev.gatehouse.inference.TokenStream;
import dev.gatehouse.inference.UnsupportedOptionException;
import dev.gatehouse.inference.grammar.ResponseFormatGrammar;
import dev.gatehouse.inference.grammar.UnsupportedSchemaException;
import dev.gatehouse.inference.provider.Delivery;
import dev.gatehouse.manifest.ModelSpec;
import dev.gatehouse.manifest.TaskKind;
import dev.gatehouse.router.escalation.Cost;
import dev.gatehouse.router.escalation.EscalationCappedException;
import dev.gatehouse.router.escalation.PlaceholderMask;
import dev.gatehouse.router.escalation.Reservation;
import dev.gatehouse.router.escalation.SettlingTokenStream;
import dev.gatehouse.router.escalation.TokenPrices;
import dev.gatehouse.router.features.RequestFeatures;
import dev.gatehouse.router.policy.EscalationPolicy;
import dev.gatehouse.router.policy.Masking;
import dev.gatehouse.router.policy.Policy;
import dev.gatehouse.router.policy.ReservedCost;
import dev.gatehouse.router.policy.Target;
import dev.gatehouse.router.policy.Egress;
import dev.gatehouse.router.privacy.DataClass;
import dev.gatehouse.router.routing.Outbound;
import dev.gatehouse.router.routing.RequestRouter;
import dev.gatehouse.router.tools.HttpToolCall;
import dev.gatehouse.router.tools.ToolMatches;
import dev.gatehouse.router.tools.ToolSet;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Starts one target of a decided request, for the fallback chain: a local model through the pool (slot, prompt
 * count, {@code max_tokens} budget, cost reservation, first token), or a provider's model through its guarded
 * client. Either way the returned stream's first event has arrived (so failures before it are thrown here and fall
 * back), every wait is bounded by the request's deadline, the budget was reserved atomically before the call and is
 * settled with the real cost when the answer ends.
 */
final class TargetAttempts {

    private final ModelPool pool;
    private final RequestRouter router;
    /** The policy that decided this request (live or candidate arm); kept even if a promotion happens meanwhile. */
    private final Policy policy;
    private final ChatCompletionRequest request;
    private final RequestFeatures features;
    private final Caller caller;
    private final RequestDeadline deadline;
    private final Consumer<Cost> booked;
    /** Whether this request holds its one place under the escalation cap (the decision took it, or a hop did). */
    private boolean holdsEscalationPlace;
    private final ToolMatches tools;
    private final HttpToolCall toolCalls;
    /** The cascade's confidence check reads the local answer's token log-probabilities. */
    private boolean logprobsForTheGate;

    /**
     * @param holdsEscalationPlace the decision already took the request's place under the cap
     * @param booked               told the real cost of the answer when its stream ends
     * @param tools                the tools that understood the request, for a tool target
     * @param toolCalls            how an HTTP tool is called
     */
    TargetAttempts(ModelPool pool, RequestRouter router, ChatCompletionRequest request, RequestFeatures features,
            Caller caller, RequestDeadline deadline, boolean holdsEscalationPlace, Consumer<Cost> booked,
            Policy policy, ToolMatches tools, HttpToolCall toolCalls) {
        this.tools = tools;
        this.toolCalls = toolCalls;
        this.pool = pool;
        this.router = router;
        this.policy = policy;
        this.request = request;
        this.features = features;
        this.caller = caller;
        this.deadline = deadline;
        this.holdsEscalationPlace = holdsEscalationPlace;
        this.booked = booked;
    }

    /**
     * Local models whose engine gives token log-probabilities (llama.cpp) are asked for them from now on, for the
     * cascade's confidence check; an engine that gives none (java-llama.cpp) is not asked, since it would refuse
     * the request, and the check then says it could not run. The client receives them only if it asked.
     */
    void askLogprobsForTheGate() {
        logprobsForTheGate = true;
    }

    TokenStream start(String targetId) {
        if (ToolSet.isTool(targetId)) {
            return ToolAttempt.start(targetId, tools, features.dataClass(), toolCalls, deadline);
        }
        Target target = policy.target(targetId).orElseThrow();
        return target.isProvider() ? provider(target) : local(target);
    }

    /** lease (slot wait within the deadline) → generate (one exchange: count, check, start) → budget → first token */
    private TokenStream local(Target target) {
        ModelSpec spec = pool.resolve(target.id(), TaskKind.CHAT);
        ResponseFormat format = compiledFormat(target); // before the lease: a refusal needs no model
        ChatLease lease = lease(spec);
        Reservation reservation = null;
        try {
            LocalGeneration generation = startLocal(lease, format);
            TokenStream owned = deadline.guard(new LeasedGeneration(generation, lease));
            int promptTokens = generation.promptTokens();
            int budget = request.maxTokens() != null ? request.maxTokens() : lease.contextLength() - promptTokens;
            TokenPrices prices = ReservedCost.prices(target);
            reservation = reserve(prices.maxCost(promptTokens, budget));
            return settling(FirstEventStream.start(owned), reservation, prices);
        } catch (RuntimeException e) {
            if (reservation != null) reservation.release();
            lease.close();
            throw e;
        }
    }

    /** A slot, waiting no longer than the request has left; a wait the deadline cut short is the timeout. */
    private ChatLease lease(ModelSpec spec) {
        try {
            return pool.leaseChat(spec, deadline.remaining());
        } catch (InferenceException e) {
            if (e.kind() == InferenceException.Kind.OVERLOADED && deadline.passed()) throw deadline.timeout();
            throw e;
        }
    }

    /**
     * One exchange with the model: it renders the template, counts the prompt and checks it against its context
     * (with max_tokens), then starts. A prompt that does not fit stays a CONTEXT_OVERFLOW, which lets a model with
     * a larger context take the request; {@link ChatServing} words the client's 400 when none can.
     */
    private LocalGeneration startLocal(ChatLease lease, ResponseFormat format) {
        ChatRequest chat = request.toChatRequest(request.maxTokens(), format);
        if (logprobsForTheGate && !chat.params().logprobs() && givesLogprobs(lease.model().id())) {
            chat = GateLogprobs.asked(chat);
        }
        ChatRequest asked = chat;
        return deadline.interruptible(() -> lease.generate(asked));
    }

    /** The llama.cpp engine reports each token's log-probability; java-llama.cpp and scripted models do not. */
    private boolean givesLogprobs(String modelId) {
        return pool.status().stream().anyMatch(s -> s.spec().id().equals(modelId) && s.runtime() != null
                && GateLogprobs.ENGINE.equals(s.runtime().engine()));
    }

    private TokenStream provider(Target target) {
        checkEgress(target, policy);
        Outbound outbound = router.outbound();
        if (target.escalates()) takeEscalationPlace(outbound);
        String model = target.id().substring(target.provider().length() + 1);
        int maxTokens = EscalationPolicy.reservedOutputTokens(request.maxTokens(), policy.scoring());
        ChatRequest chat = request.toProviderRequest(maxTokens);
        PlaceholderMask mask = null;
        if (Masking.applies(target, features.dataClass(), policy)) {
            refuseWhatMaskingCannotCarry(target);
            mask = new PlaceholderMask();
            chat = mask.mask(chat, text -> router.scanner().scan(text).findings());
        }
        deadline.remaining(); // a request already past its deadline does not start a paid call
        Reservation reservation = reserve(ReservedCost.of(target, features, policy));
        try {
            TokenStream answer = outbound.provider(target.provider()).chat(model, chat, request.providerOptions(),
                    request.stream() ? Delivery.STREAMING : Delivery.BUFFERED);
            TokenStream settled = settling(deadline.guard(answer), reservation, ReservedCost.prices(target));
            return mask == null ? settled : mask.restoring(settled);
        } catch (RuntimeException e) {
            reservation.release();
            throw e;
        }
    }
    /**
     * Masking rewrites message text and restores answer text only: tools, tool turns and logprobs would be dropped
     * or come back with placeholders in them, so a masked escalation refuses them (a local target may answer).
     */
    private void refuseWhatMaskingCannotCarry(Target target) {
        List<String> refused = new ArrayList<>();
        if (request.toolsRequested()) refused.add("tools");
        for (int i = 0; i < request.messages().size(); i++) {
            ChatMessage m = request.messages().get(i);
            if (!m.toolCalls().isEmpty() || m.role() == ChatMessage.Role.TOOL) {
                refused.add("messages[" + i + "]");
                break;
            }
        }
        if (request.sampling().logprobs()) refused.add("logprobs");
        if (!refused.isEmpty()) {
            throw new UnsupportedOptionException(refused, "provider " + target.provider()
                    + " while confidential data is masked");
        }
    }

    /**
     * The request's response format compiled for a local engine. Compiling JSON output to a grammar is the engine
     * integration's part; until a compiler is wired in here, a local model refuses JSON output by name (a fallback
     * target may honour it) rather than generating unconstrained text.
     */
    private ResponseFormat compiledFormat(Target target) {
        RequestedFormat asked = request.responseFormat();
        return switch (asked.type()) {
            case TEXT -> ResponseFormat.TEXT;
            case JSON_OBJECT -> new ResponseFormat(ResponseFormat.Type.JSON_OBJECT, ResponseFormatGrammar.jsonObject());
            case JSON_SCHEMA -> {
                try {
                    yield new ResponseFormat(ResponseFormat.Type.JSON_SCHEMA, ResponseFormatGrammar.fromSchema(asked.schema()));
                } catch (UnsupportedSchemaException e) {
                    // a provider may still take the schema as it is; locally it cannot be enforced
                    throw new UnsupportedOptionException("response_format.json_schema.schema" + e.path(),
                            "local model " + target.id() + " (" + e.getMessage() + ")");
                }
            }
        };
    }

    /**
     * The last check before bytes leave, independent of how the target was reached (decision, fallback, pin): the
     * data class must be one the target may receive, or confidential data that policy lets go out masked. A pool on
     * premises receives what its classes allow, unmasked.
     */
    private void checkEgress(Target target, Policy policy) {
        DataClass data = features.dataClass();
        if (!Egress.allows(target, data, policy)) {
            throw new IllegalStateException("refusing to send " + data.wireName() + " data to " + target.id());
        }
    }

    /** A fallback or cascade hop to a provider escalates the request too: once per request, under the same cap. */
    private void takeEscalationPlace(Outbound outbound) {
        if (holdsEscalationPlace) return;
        var verdict = outbound.rateCap().tryEscalateCounted(outbound.now());
        if (!verdict.allowed()) throw new EscalationCappedException(verdict.detail());
        holdsEscalationPlace = true;
    }

    private Reservation reserve(Cost most) {
        Outbound outbound = router.outbound();
        return outbound.budgets().reserve(caller.tenantId(), caller.apiKeyId(), most, outbound.now());
    }

    private TokenStream settling(TokenStream answer, Reservation reservation, TokenPrices prices) {
        return new SettlingTokenStream(answer, reservation, prices, booked);
    }
}
