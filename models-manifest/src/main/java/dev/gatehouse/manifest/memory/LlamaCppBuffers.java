package dev.gatehouse.manifest.memory;

import dev.gatehouse.manifest.KvCacheType;

/**
 * The llama.cpp of 2026-09-28 as Gatehouse's FFM engine creates its context: {@code n_ctx = context × slots},
 * {@code n_seq_max = slots}, {@code kv_unified = false} (a KV stream per slot), {@code n_batch = n_ubatch = 512},
 * {@code swa_full} left at its default (true), flash attention as the manifest says.
 *
 * <p>KV cache, as llama.cpp sizes it: n_ctx is padded to 256, each stream gets {@code n_ctx / slots} cells, padded
 * to 256 again; every layer holds that many cells per stream (sliding-window layers too, since swa_full gives them
 * the full size), so the cache is exact to the byte.
 *
 * <p>Compute buffer, fitted to what llama.cpp logged for llama, qwen3 and gemma3 shapes from 128 to 8192 cells per
 * stream, 1 to 8 slots (see EstimatorMatchesLlamaCppTest): the peak of ggml's allocator is the attention mask (one
 * per kind of attention: gemma3's sliding-window layers have their own), which stays alive through every layer, plus
 * the largest layer stage; or the logits at the end, when the mask is gone. With flash attention the scores are never
 * materialised; without it they are, {@code cells × tokens × heads} floats. The stage coefficients (activations of
 * n_embd, query, key and n_ff width per token) were fitted, not derived: ggml's allocator packs tensors, so the live
 * set is not a simple sum.
 */
record LlamaCppBuffers(EstimateRequest request) implements ContextBuffers {

    /** n_ubatch: the worst-case graph is sized for this many tokens. */
    static final int MICRO_BATCH = 512;
    /** llama.cpp pads n_ctx, and each stream's share of it, to a multiple of this. */
    static final int CONTEXT_PADDING = 256;

    /** KV streams: one per slot, since the engine turns kv_unified off. */
    long streams() {
        return Math.max(1, request.slots());
    }

    /** Cells of one stream: n_ctx padded, split between the streams, padded again. */
    long cellsPerStream() {
        long context = pad((long) request.context() * streams());
        return pad(context / streams());
    }

    /** Tokens of the worst-case micro-batch: n_ubatch, or n_ctx before padding when that is smaller. */
    long tokens() {
        return Math.min(MICRO_BATCH, (long) request.context() * streams());
    }

    @Override
    public long kvBytesPerLayer(ModelShape shape) {
        return (long) Math.ceil(streams() * cellsPerStream() * shape.kvElementsPerToken()
                * request.kvType().bytesPerElement());
    }

    @Override
    public long reservedGraphBytes(ModelShape shape) {
        return graphBytes(shape, tokens());
    }

    @Override
    public long touchedHostGraphBytes(ModelShape shape) {
        long work = request.flashAttentionOn() ? 0
                : JavaLlamaCppBuffers.scoreConversionBytes(scores(shape), request.kvType());
        return graphBytes(shape, Math.min(tokens(), streams())) + work;
    }

    long graphBytes(ModelShape shape, long outputs) {
        long tokens = tokens();
        long embedding = shape.embedding();
        long masks = (shape.slidingWindow() ? 2 : 1) * cellsPerStream() * tokens;
        long layer;
        if (request.flashAttentionOn()) {
            long attention = 5 * embedding + shape.queryWidth() + 3 * shape.keyWidth()
                    + (request.kvType() == KvCacheType.F32 ? shape.queryWidth() + embedding : 0);
            long feedForward = 3L * shape.feedForward() + (shape.slidingWindow() ? 5 : 4) * embedding;
            layer = 2 * masks + 4 * tokens * Math.max(attention, feedForward); // the mask is f16 here
        } else {
            long attention = (shape.slidingWindow() ? 5 : 3) * embedding + 2 * shape.queryWidth()
                    + 2 * shape.keyWidth();
            long feedForward = 3L * shape.feedForward() + 5 * embedding;
            layer = 4 * masks + Math.max(4 * scores(shape) + 4 * tokens * attention, 4 * tokens * feedForward);
        }
        long logits = 4 * (outputs * shape.vocab() + 2 * tokens * embedding);
        return Math.max(layer, logits);
    }

    /** Attention scores of one micro-batch: every head of every token over every cell of its stream. */
    private long scores(ModelShape shape) {
        return cellsPerStream() * tokens() * shape.heads();
    }

    private static long pad(long cells) {
        return (cells + CONTEXT_PADDING - 1) / CONTEXT_PADDING * CONTEXT_PADDING;
    }
}
