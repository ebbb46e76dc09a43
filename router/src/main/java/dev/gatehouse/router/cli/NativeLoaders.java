package dev.gatehouse.router.cli;

import dev.gatehouse.inference.InferenceException;
import dev.gatehouse.inference.ModelLoader;
import java.nio.file.Path;

/** The production model loader: GGUF chat models in worker processes, the ONNX embedding model in process. */
final class NativeLoaders {

    private NativeLoaders() {}

    static ModelLoader create(Path modelsDir) {
        // NativeModelLoader (inference) has not landed on main yet; until it does every load fails loudly.
        return (spec, slots, context) -> {
            throw new InferenceException(InferenceException.Kind.MODEL_NOT_READY,
                    "this build has no native model loader yet; cannot load " + spec.id());
        };
    }
}
