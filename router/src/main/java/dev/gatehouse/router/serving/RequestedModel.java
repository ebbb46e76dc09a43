package dev.gatehouse.router.serving;

import dev.gatehouse.inference.InferenceException;
import dev.gatehouse.inference.ModelPool;
import dev.gatehouse.manifest.ModelSpec;
import dev.gatehouse.manifest.TaskKind;
import dev.gatehouse.router.policy.Policy;
import dev.gatehouse.router.tools.ToolSet;

/**
 * What a request's {@code model} names, resolved once and carried: the decision pins it, the reply names it.
 *
 * @param asked   the name as sent; null when absent
 * @param pinned  the target it pins (a manifest id with aliases resolved, or {@code provider/model}); null for
 *                {@code auto}
 * @param unknown neither the manifest nor the policy knows {@code asked}, and the policy's
 *                {@code unknownModels: auto} routes it as {@code auto}
 */
public record RequestedModel(String asked, String pinned, boolean unknown) {

    /** For a chat request: a manifest model, a policy target, auto, or an unknown name handled by the policy. */
    public static RequestedModel forChat(String model, ModelPool pool, Policy policy) {
        if (model == null || model.isBlank() || model.equals("auto")) {
            return new RequestedModel(model, null, false);
        }
        if (policy.target(model).isPresent() || ToolSet.isTool(model)) { // the decision refuses an undeclared tool
            return new RequestedModel(model, model, false);
        }
        try {
            return new RequestedModel(model, pool.resolve(model, TaskKind.CHAT).id(), false);
        } catch (InferenceException e) {
            if (e.kind() != InferenceException.Kind.MODEL_NOT_FOUND) throw e; // an embedding model: wrong task
            if (policy.unknownModels() == Policy.UnknownModels.REJECT) throw e;
            return new RequestedModel(model, null, true);
        }
    }

    /** The embedding model a request names; an unknown name is the default embedding model unless refused. */
    public static ModelSpec embeddingModel(String model, ModelPool pool, Policy policy) {
        try {
            return pool.resolve(model, TaskKind.EMBEDDINGS);
        } catch (InferenceException e) {
            if (e.kind() != InferenceException.Kind.MODEL_NOT_FOUND
                    || policy.unknownModels() == Policy.UnknownModels.REJECT) {
                throw e;
            }
            return pool.resolve(null, TaskKind.EMBEDDINGS);
        }
    }

    /** Whether {@link #embeddingModel} routed an unknown name to the default. */
    public static boolean unknownEmbeddingModel(String model, ModelSpec resolved) {
        return model != null && !model.isBlank() && !model.equals("auto") && !resolved.answersTo(model);
    }
}
