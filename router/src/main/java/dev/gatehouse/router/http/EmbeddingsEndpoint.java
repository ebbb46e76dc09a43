package dev.gatehouse.router.http;

import dev.gatehouse.inference.EmbeddingLease;
import dev.gatehouse.inference.InferenceException;
import dev.gatehouse.inference.EmbeddingResult;
import dev.gatehouse.inference.ModelPool;
import dev.gatehouse.manifest.ModelSpec;
import dev.gatehouse.manifest.TaskKind;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/** {@code POST /v1/embeddings}: parse, resolve, lease, embed, write. */
final class EmbeddingsEndpoint implements Handler {

    private final ModelPool pool;
    private final long maxBodyBytes;

    EmbeddingsEndpoint(ModelPool pool, long maxBodyBytes) {
        this.pool = pool;
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    public void handle(ServerRequest req, ServerResponse res) {
        RequestRecord record = RequestLifecycleFilter.record(req);
        EmbeddingsRequest request = EmbeddingsRequest.parse(JsonBody.read(req, maxBodyBytes));

        ModelSpec spec = pool.resolve(request.model(), TaskKind.EMBEDDINGS);
        record.model = spec.id();
        res.header(RequestLifecycleFilter.MODEL, spec.id());

        EmbeddingResult result;
        try (EmbeddingLease lease = pool.leaseEmbeddings(spec)) {
            result = lease.embed(request.inputs());
        } catch (InferenceException e) {
            if (e.kind() == InferenceException.Kind.CONTEXT_OVERFLOW) {
                throw InvalidRequestException.contextLengthExceeded("input", e.getMessage()); // not "messages" here
            }
            throw e;
        }
        record.promptTokens = result.promptTokens();
        record.completionTokens = 0;
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.send(OpenAiJson.bytes(OpenAiJson.embeddings(spec.id(), result.vectors(), request.base64(),
                result.promptTokens())));
    }
}
