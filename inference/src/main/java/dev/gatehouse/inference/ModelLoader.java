package dev.gatehouse.inference;

import dev.gatehouse.inference.placement.Placement;
import dev.gatehouse.manifest.ModelSpec;

/**
 * Turns a manifest entry into a running model. The pool calls it outside its lock; the real implementation starts
 * worker processes for GGUF and opens ONNX sessions in process, tests plug in scripted models.
 */
public interface ModelLoader {

    /**
     * @param spec    the model to load
     * @param slots   parallel generations the loaded model must serve
     * @param context context length per slot the pool asks for; the loader may lower it to what the model was
     *                trained with, and reports the result in {@link LoadedModel#contextLength()}
     * @throws InferenceException with kind MODEL_NOT_READY, NATIVE_FAILURE or WORKER_FAILED
     */
    LoadedModel load(ModelSpec spec, int slots, int context);

    /**
     * Loads as the planner decided: the pool calls this one. Loaders that cannot use GPUs ignore the device and
     * layers and load with the placement's slots and context.
     */
    default LoadedModel load(ModelSpec spec, Placement placement) {
        return load(spec, placement.slots(), placement.context());
    }

    /**
     * The chat template a chat model will run with, read without loading it (the manifest's override, else the
     * file's), or null when it has none; routing uses it to know whether the model can take tools.
     */
    default String chatTemplate(ModelSpec spec) {
        return spec.chatTemplate();
    }
}
