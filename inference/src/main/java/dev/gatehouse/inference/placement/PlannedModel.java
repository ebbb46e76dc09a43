package dev.gatehouse.inference.placement;

import dev.gatehouse.manifest.ModelSpec;
import dev.gatehouse.manifest.memory.EstimateRequest;
import dev.gatehouse.manifest.memory.MemoryEstimate;
import java.util.function.Function;

/**
 * A model as the planner sees it: the manifest entry, the shape read from its file, and how much memory it would need
 * for a given way of loading it. The estimator is a function so that table tests can use hand-made figures and the
 * pool and {@code gatehouse plan} the real estimator.
 *
 * @param spec           the manifest entry (context, slots and serving hints)
 * @param layers         transformer blocks that can go to a GPU; 0 for models that only run on the CPU (ONNX)
 * @param trainedContext context length the model was trained with, 0 when unknown
 * @param estimator      predicted memory for a context, slot count, KV type and number of offloaded layers
 */
public record PlannedModel(ModelSpec spec, int layers, int trainedContext,
                           Function<EstimateRequest, MemoryEstimate> estimator) {

    public PlannedModel {
        if (layers < 0) throw new IllegalArgumentException("layers must be >= 0, was " + layers);
    }

    /** A model that runs inside this JVM on the CPU with a fixed footprint (the ONNX embedders). */
    public static PlannedModel onCpu(ModelSpec spec, long hostBytes) {
        return new PlannedModel(spec, 0, 0, request -> new MemoryEstimate(0, hostBytes, 0, 0, 0, 0, 0));
    }

    /**
     * The same model with at most {@code cap} tokens of context: how the pool retries a load that ran out of memory.
     * A context the manifest fixed is lowered too, since the alternative is not loading at all.
     */
    public PlannedModel withContextCap(int cap) {
        ModelSpec s = spec;
        if (s.context() != null && s.context() > cap) {
            s = s.withContext(cap);
        }
        int trained = trainedContext > 0 ? Math.min(trainedContext, cap) : cap;
        return new PlannedModel(s, layers, trained, estimator);
    }

    public String id() {
        return spec.id();
    }

    MemoryEstimate estimate(int context, int slots, PlacementPolicy policy, int gpuLayers) {
        return estimator.apply(new EstimateRequest(context, slots, policy.kvType(), gpuLayers));
    }
}
