package dev.gatehouse.manifest.memory;

import dev.gatehouse.manifest.KvCacheType;

/**
 * java-llama.cpp 4.2.0, which bundles llama.cpp b4916: one KV cache shared by all slots, {@code n_ctx = context ×
 * slots} padded to 32, no flash attention, so the graph materialises the attention scores over the whole cache.
 * Coefficients fitted to the "CPU compute buffer size" b4916 logged (see MemoryEstimatorTest).
 */
record JavaLlamaCppBuffers(EstimateRequest request) implements ContextBuffers {

    /** b4916 pads n_ctx to a multiple of this without flash attention. */
    static final int CONTEXT_PADDING = 32;
    /** The attention mask's token dimension is padded to this (GGML_KQ_MASK_PAD). */
    static final int MASK_PADDING = 64;
    /** n_embd-sized f32 activations per token alive next to each stage (attention, feed-forward, logits). */
    static final int ATTENTION_RESIDENTS = 4;
    static final int FEED_FORWARD_RESIDENTS = 3;
    static final int LOGITS_RESIDENTS = 2;

    long cells() {
        long cells = (long) request.context() * request.slots();
        return (cells + CONTEXT_PADDING - 1) / CONTEXT_PADDING * CONTEXT_PADDING;
    }

    long tokens() {
        return Math.min(cells(), LlamaCppBuffers.MICRO_BATCH);
    }

    @Override
    public long kvBytesPerLayer(ModelShape shape) {
        return (long) Math.ceil(cells() * shape.kvElementsPerToken() * request.kvType().bytesPerElement());
    }

    @Override
    public long reservedGraphBytes(ModelShape shape) {
        return graphBytes(shape, tokens());
    }

    @Override
    public long touchedHostGraphBytes(ModelShape shape) {
        return graphBytes(shape, Math.min(tokens(), request.slots())) + attentionWorkBytes(shape);
    }

    /**
     * Peak of the graph: tensors that are not alive at the same time share memory in ggml's allocator, so the peak is
     * the largest stage plus what stays alive alongside it (activations of n_embd floats per token).
     */
    long graphBytes(ModelShape shape, long outputs) {
        long cells = cells();
        long tokens = tokens();
        long maskTokens = (tokens + MASK_PADDING - 1) / MASK_PADDING * MASK_PADDING;
        long embedding = shape.embedding();
        // Scores of every head over every cell for each token, and the mask, beside the layer's activations.
        long attention = cells * tokens * shape.heads() + cells * maskTokens + tokens * ATTENTION_RESIDENTS * embedding;
        // Gate and up projections of the feed-forward network.
        long feedForward = tokens * (2L * shape.feedForward() + FEED_FORWARD_RESIDENTS * embedding);
        long logits = outputs * shape.vocab() + tokens * LOGITS_RESIDENTS * embedding;
        return 4 * Math.max(attention, Math.max(feedForward, logits));
    }

    /**
     * The CPU backend's work buffer, separate from the graph: before multiplying the attention scores by V it
     * converts them to V's dot-product type (F16 for an F16 cache, Q8_0 for quantized ones; nothing for F32).
     * Measured: without it the prediction fell short by half the attention scores.
     */
    long attentionWorkBytes(ModelShape shape) {
        return scoreConversionBytes(cells() * tokens() * shape.heads(), request.kvType());
    }

    static long scoreConversionBytes(long scores, KvCacheType kvType) {
        double bytes = switch (kvType) {
            case F32 -> 0;
            case F16 -> 2;
            case Q8_0, Q4_0 -> 34.0 / 32;
        };
        return (long) Math.ceil(scores * bytes);
    }
}
