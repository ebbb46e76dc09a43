package dev.gatehouse.router.http;

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
import dev.gatehouse.router.privacy.DataClass;
import dev.gatehouse.router.routing.Outbound;
import dev.gatehouse.router.routing.RequestRouter;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts one target of a decided request, for the fallback chain: a local model through the pool, or a provider's
 * model through its guarded client. Either way the returned stream's first event has arrived (so failures before it
 * are thrown here and fall back), the budget was reserved atomically before the call and is settled with the real
 * cost when the answer ends, and the cost is booked on the request record.
 */
final class TargetAttempts {

    private final ModelPool pool;
    private final RequestRouter router;
    private final ChatCompletionRequest request;
    private final RequestFeatures features;
    private final RequestRecord record;
    private final String apiKeyId;
    /** Whether this request holds its one place under the escalation cap (the decision took it, or a hop did). */
    private boolean escalationCounted;

    /** @param escalated the decision chose a provider and so already took the request's place under the cap */
    TargetAttempts(ModelPool pool, RequestRouter router, ChatCompletionRequest request, RequestFeatures features,
            RequestRecord record, String apiKeyId, boolean escalated) {
        this.escalationCounted = escalated;
        this.pool = pool;
        this.router = router;
        this.request = request;
        this.features = features;
        this.record = record;
        this.apiKeyId = apiKeyId;
    }

    TokenStream start(String targetId) {
        Target target = router.policy().target(targetId).orElseThrow();
        return target.provider() != null && !target.isManifestModel() ? provider(target) : local(target);
    }

    private TokenStream local(Target target) {
        ModelSpec spec = pool.resolve(target.id(), TaskKind.CHAT);
        ResponseFormat format = compiledFormat(target); // before the lease: a refusal needs no model
        ChatLease lease = pool.leaseChat(spec);
        Reservation reservation = null;
        try {
            LocalGeneration generation = startLocal(lease, format);
            int promptTokens = generation.promptTokens();
            record.promptTokens = promptTokens;
            int budget = request.maxTokens() != null ? request.maxTokens() : lease.contextLength() - promptTokens;
            TokenPrices prices = ReservedCost.prices(target);
            reservation = reserve(prices.maxCost(promptTokens, budget));
            TokenStream first = FirstEventStream.start(generation, lease);
            return settling(first, reservation, prices);
        } catch (RuntimeException e) {
            if (reservation != null) reservation.release();
            lease.close();
            throw e;
        }
    }

    /**
     * One exchange with the model: it renders the template, counts the prompt and checks it against its context
     * (with max_tokens), then starts. A prompt that does not fit is the client's 400, worded with the real counts.
     */
    private LocalGeneration startLocal(ChatLease lease, ResponseFormat format) {
        try {
            return lease.generate(request.toChatRequest(request.maxTokens(), format));
        } catch (InferenceException e) {
            if (e.kind() == InferenceException.Kind.CONTEXT_OVERFLOW && e.promptTokens() >= 0) {
                CompletionBudget.decide(request.maxTokens(), "max_tokens", e.promptTokens(), e.contextLength());
            }
            throw e;
        }
    }

    private TokenStream provider(Target target) {
        Policy policy = router.policy();
        checkEgress(target, policy);
        Outbound outbound = router.outbound();
        if (!target.local()) takeCapPlace(outbound); // a pool on premises is no escalation
        String model = target.id().substring(target.provider().length() + 1);
        int maxTokens = EscalationPolicy.reservedOutputTokens(request.maxTokens(), policy.scoring());
        ChatRequest chat = request.toProviderRequest(maxTokens);
        PlaceholderMask mask = null;
        if (features.dataClass() == DataClass.CONFIDENTIAL && !target.local()) {
            refuseWhatMaskingCannotCarry(target);
            mask = new PlaceholderMask();
            chat = mask.mask(chat, text -> router.scanner().scan(text).findings());
        }
        Reservation reservation = reserve(ReservedCost.of(target, features, policy));
        try {
            TokenStream answer = outbound.provider(target.provider()).chat(model, chat, request.providerOptions(),
                    request.stream() ? Delivery.STREAMING : Delivery.BUFFERED);
            TokenStream settled = settling(answer, reservation, ReservedCost.prices(target));
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
        boolean allowed = data.compareTo(DataClass.INTERNAL) <= 0 || target.local()
                ? target.dataClasses().contains(data) : Masking.applies(target, data, policy);
        if (!allowed) {
            throw new IllegalStateException("refusing to send " + data.wireName() + " data to " + target.id());
        }
    }

    /** A fallback or cascade hop to a provider escalates the request too: once per request, under the same cap. */
    private void takeCapPlace(Outbound outbound) {
        if (escalationCounted) return;
        var verdict = outbound.rateCap().tryEscalateCounted(outbound.now());
        if (!verdict.allowed()) throw new EscalationCappedException(verdict.detail());
        escalationCounted = true;
    }

    private Reservation reserve(Cost most) {
        Outbound outbound = router.outbound();
        return outbound.budgets().reserve(features.request().tenant(), apiKeyId, most, outbound.now());
    }

    private TokenStream settling(TokenStream answer, Reservation reservation, TokenPrices prices) {
        return new SettlingTokenStream(answer, reservation, prices, cost -> record.cost = cost);
    }
}
