package dev.gatehouse.inference;

/**
 * What runs a loaded model, for {@code /v1/pool} and {@code gatehouse models}.
 *
 * @param engine         "llama.cpp", "java-llama.cpp" or "onnxruntime"
 * @param backend        "cpu", "cuda" or "vulkan"
 * @param libraryVersion the native library's version
 * @param gpuLayers      layers offloaded to a GPU
 * @param toolCapable    whether the model's chat template can express tools
 */
public record ModelRuntime(String engine, String backend, String libraryVersion, int gpuLayers, boolean toolCapable) {}
