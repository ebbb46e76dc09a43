package dev.gatehouse.router.cli;

import dev.gatehouse.manifest.ModelFormat;
import dev.gatehouse.manifest.ModelSpec;
import dev.gatehouse.natives.ChatEngines;
import dev.gatehouse.natives.EngineInfo;
import dev.gatehouse.natives.JavaLlamaEngine;
import dev.gatehouse.natives.onnx.OnnxBackendSelector;

/**
 * Which engine will run a model, as {@code gatehouse models} shows it before anything is loaded: the manifest's
 * choice, or for {@code auto} llama.cpp when its libraries are installed.
 *
 * @param backend the installed llama.cpp build (cpu, cuda, vulkan) for llama.cpp; cpu otherwise
 * @param version the library version, or "-" when the engine's libraries are missing
 */
record ModelEngine(String engine, String backend, String version) {

    static ModelEngine of(ModelSpec spec, ChatEngines.LlamaCppLibraries libraries) {
        if (spec.format() == ModelFormat.ONNX) {
            // the same choice serve makes at startup: CUDA when onnx-cuda is installed and this machine can run it
            String backend = OnnxBackendSelector.plan(System.getenv(), System.getProperty(
                    OnnxBackendSelector.NATIVE_PATH_PROPERTY)).placement().backend().id();
            return new ModelEngine("onnxruntime", backend, "-");
        }
        if (!ChatEngines.runsOnLlamaCpp(spec.engine().wireName(), libraries)) return new ModelEngine(EngineInfo.JAVA_LLAMA_CPP, "cpu", JavaLlamaEngine.LIBRARY_VERSION);
        return libraries == null ? new ModelEngine(EngineInfo.LLAMA_CPP, "missing", "-")
                : new ModelEngine(EngineInfo.LLAMA_CPP, libraries.backend(), libraries.version());
    }
}
