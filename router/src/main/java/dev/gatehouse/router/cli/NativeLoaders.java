package dev.gatehouse.router.cli;

import dev.gatehouse.inference.ModelLoader;
import dev.gatehouse.inference.NativeModelLoader;
import java.nio.file.Path;

/** The production model loader: GGUF chat models in worker processes, the ONNX embedding model in process. */
final class NativeLoaders {

    private NativeLoaders() {}

    static ModelLoader create(Path modelsDir) {
        return NativeModelLoader.create(modelsDir);
    }
}
