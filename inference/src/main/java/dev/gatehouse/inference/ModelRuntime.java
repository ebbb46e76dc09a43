package dev.gatehouse.inference;

/**
 * What runs a loaded model, for {@code /v1/pool} and {@code gatehouse models}.
 *
 * @param engine         "llama.cpp", "java-llama.cpp" or "onnxruntime"
 * @param backend        "cpu", "cuda" or "vulkan"
 * @param libraryVersion the native library's version
 * @param gpuLayers      layers offloaded to a GPU
 * @param toolCapable    whether the model's chat template can express tools
 * @param allocated      what the engine reported allocating at load (weights, KV cache, compute; -1 = not reported)
 * @param backendReason  why this backend, in plain words (for ONNX Runtime: what kept a model off the GPU); null when
 *                       the engine gives none
 */
public record ModelRuntime(String engine, String backend, String libraryVersion, int gpuLayers, boolean toolCapable,
                           Allocated allocated, String backendReason) {

    /** Bytes by kind, summed over devices, and the GPU part of them; -1 where the engine does not say. */
    public record Allocated(long weights, long kvCache, long compute, long gpu) {
        public static final Allocated UNKNOWN = new Allocated(-1, -1, -1, -1);

        public boolean known() {
            return weights >= 0;
        }
    }

    public ModelRuntime(String engine, String backend, String libraryVersion, int gpuLayers, boolean toolCapable,
                        Allocated allocated) {
        this(engine, backend, libraryVersion, gpuLayers, toolCapable, allocated, null);
    }

    public ModelRuntime(String engine, String backend, String libraryVersion, int gpuLayers, boolean toolCapable) {
        this(engine, backend, libraryVersion, gpuLayers, toolCapable, Allocated.UNKNOWN);
    }
}
