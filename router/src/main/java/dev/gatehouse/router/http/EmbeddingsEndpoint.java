package dev.gatehouse.router.http;

import dev.gatehouse.inference.EmbeddingLease;
import dev.gatehouse.inference.InferenceException;
import dev.gatehouse.inference.EmbeddingResult;
import dev.gatehouse.inference.ModelPool;
import dev.gatehouse.manifest.ModelSpec;
import dev.gatehouse.inference.UnsupportedOptionException;
import dev.gatehouse.router.policy.Policy;
import dev.gatehouse.router.serving.RequestedModel;
import dev.gatehouse.router.serving.ServingOutcome;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.function.Supplier;

/**
 * {@code POST /v1/embeddings}: parse, resolve (an unknown name is the default embedding model unless the policy
 * says {@code unknownModels: reject}), lease, embed, write. {@code dimensions} is honoured when it is the model's
 * own size and refused by name otherwise: these models cannot shorten their vectors.
 */
final class EmbeddingsEndpoint implements Handler {

    private final ModelPool pool;
    // read on every request, never captured: a configuration reload swaps the router's policy
    private final Supplier<Policy> policy;
    private final long maxBodyBytes;

    EmbeddingsEndpoint(ModelPool pool, Supplier<Policy> policy, long maxBodyBytes) {
        this.pool = pool;
        this.policy = policy;
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    public void handle(ServerRequest req, ServerResponse res) {
        RequestRecord record = RequestLifecycleFilter.record(req);
        EmbeddingsRequest request = EmbeddingsRequest.parse(JsonBody.read(req, maxBodyBytes));

        ModelSpec spec = RequestedModel.embeddingModel(request.model(), pool, policy.get());
        res.header(RequestLifecycleFilter.MODEL, spec.id());
        if (RequestedModel.unknownEmbeddingModel(request.model(), spec)) {
            res.header(HttpChatReply.UNKNOWN_MODEL, HttpChatReply.headerSafe(request.model()));
        }

        EmbeddingResult result = null;
        try {
            result = embed(spec, request.inputs());
            int size = result.vectors().getFirst().length;
            if (request.dimensions() != null && request.dimensions() != size) {
                throw new UnsupportedOptionException("dimensions", "model " + spec.id() + ", whose vectors have "
                        + size + " dimensions and cannot be shortened");
            }
        } finally { // the model is counted whether or not it answered
            record.served(ServingOutcome.direct(spec.id(), result == null ? -1 : result.promptTokens(),
                    result == null ? -1 : 0));
        }
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.send(OpenAiJson.bytes(OpenAiJson.embeddings(spec.id(), result.vectors(), request.base64(),
                result.promptTokens())));
    }

    private EmbeddingResult embed(ModelSpec spec, java.util.List<String> inputs) {
        try (EmbeddingLease lease = pool.leaseEmbeddings(spec)) {
            return lease.embed(inputs);
        } catch (InferenceException e) {
            if (e.kind() == InferenceException.Kind.CONTEXT_OVERFLOW) {
                throw InvalidRequestException.contextLengthExceeded("input", e.getMessage()); // not "messages" here
            }
            throw e;
        }
    }
}
