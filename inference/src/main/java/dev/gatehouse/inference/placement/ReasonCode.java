package dev.gatehouse.inference.placement;

/** Why the planner placed a model where it did, or could not; each placement carries one or more. */
public enum ReasonCode {
    /** The whole model fits on one GPU. */
    FITS_ONE_GPU,
    /** No single GPU holds it; split across several. */
    SPLIT_ACROSS_GPUS,
    /** Larger than the GPUs' free memory: some layers on a GPU, the rest on the CPU. */
    PARTIAL_OFFLOAD,
    /** Runs on the CPU because the machine has no usable GPU. */
    NO_GPU,
    /** Runs on the CPU because not even one layer fits on a GPU. */
    NO_GPU_ROOM,
    /** The model's format runs only on the CPU (ONNX embedders). */
    CPU_ONLY_MODEL,
    /** The manifest says {@code device: cpu}. */
    MANIFEST_CPU,
    /** The manifest ties the model to one GPU or to GPUs in general. */
    MANIFEST_GPU,
    /** The manifest fixes {@code gpuLayers}. */
    MANIFEST_LAYERS,
    /** Context below the ceiling so that it fits. */
    CONTEXT_REDUCED,
    /** Fewer parallel slots than the default so that it fits. */
    SLOTS_REDUCED,
    /** Nowhere to put it. */
    DOES_NOT_FIT
}
