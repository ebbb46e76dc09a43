package dev.gatehouse.natives;

/**
 * What runs a model, for {@code /v1/pool} and {@code gatehouse models}.
 *
 * @param engine         "llama.cpp" (FFM binding of current llama.cpp) or "java-llama.cpp" (the Maven-only fallback)
 * @param backend        "cpu", "cuda" or "vulkan": where the model's layers run
 * @param libraryVersion the native library's version
 * @param gpuLayers      layers offloaded to a GPU
 * @param allocated      the buffers the engine allocated at load, by kind
 */
public record EngineInfo(String engine, String backend, String libraryVersion, int gpuLayers,
                         AllocatedBuffers allocated) {
    public static final String LLAMA_CPP = "llama.cpp";
    public static final String JAVA_LLAMA_CPP = "java-llama.cpp";
}
