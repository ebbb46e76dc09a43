package dev.gatehouse.manifest.memory;

import dev.gatehouse.manifest.gguf.GgufInfo;
import dev.gatehouse.manifest.KvCacheType;
import java.util.OptionalInt;

/**
 * Predicts the memory llama.cpp (b4916, as bundled by java-llama.cpp 4.2.0) takes for a GGUF model, from its header
 * alone, split between the GPU and the host. Pure and cheap (no I/O): the planner calls it many times per placement.
 *
 * <p>What llama.cpp allocates, and how each part is predicted:
 * <ul>
 *   <li><b>Weights</b>: the {@code blk.N.*} tensors of the last {@code gpuLayers} blocks go to the GPU, the rest stay
 *   host-mapped (mmap). The input layer ({@code token_embd}) always stays on the host; the output layer
 *   ({@code output}, {@code output_norm}) goes to the GPU only when {@code gpuLayers} exceeds the block count.</li>
 *   <li><b>KV cache</b>: {@code n_layer × n_ctx × (n_embd_k_gqa + n_embd_v_gqa)} elements of the cache type, where
 *   {@code n_ctx = context × slots} padded to 32; each layer's share lives with its layer.</li>
 *   <li><b>Compute buffers</b>: the worst-case graph for a 512-token micro-batch over the full cache; its peak is the
 *   largest of the attention scores ({@code n_ctx × n_ubatch × n_head} floats), the logits and the feed-forward
 *   activations, plus activations proportional to n_embd. The coefficients were fitted to the buffer sizes llama.cpp
 *   itself logs. On the GPU the buffer is committed as reserved (logits for all 512 tokens); on the host only
 *   touched pages are resident, and a chat server computes logits for one token per sequence, but the CPU backend
 *   adds a work buffer converting the attention scores to the cache's type.</li>
 *   <li><b>Fixed overhead</b>: the worker JVM plus libllama, and the vocabulary llama.cpp keeps per token; fitted to
 *   the RSS of workers holding the smallest models.</li>
 * </ul>
 * The host figures predict a worker process's RSS in the worst case: every slot's context full, so every weight
 * page has been read (llama.cpp mmaps the file), the whole KV cache is in use and the graph has run a full
 * micro-batch over the full cache. See {@code docs/BENCHMARKS.md} (section {@code memory-estimate}) for the measured
 * accuracy. The GPU split follows llama.cpp's placement rules but has not been measured on a GPU yet.
 */
public final class MemoryEstimator {

    /** llama.cpp's default micro-batch (n_ubatch): the compute graph is sized for this many tokens. */
    static final int MICRO_BATCH = 512;
    /** llama.cpp pads n_ctx to a multiple of this without flash attention. */
    static final int CONTEXT_PADDING = 32;
    /** The attention mask's token dimension is padded to this (GGML_KQ_MASK_PAD). */
    static final int MASK_PADDING = 64;
    /**
     * n_embd-sized f32 activations per token alive next to each stage (attention, feed-forward, logits): fitted to
     * llama.cpp's logged "CPU compute buffer size", which they then match within 2% or 0.1 MiB from 128 to 4096
     * cells and n_embd 8 to 896 (see MemoryEstimatorTest).
     */
    static final int ATTENTION_RESIDENTS = 4;
    static final int FEED_FORWARD_RESIDENTS = 3;
    static final int LOGITS_RESIDENTS = 2;
    /**
     * Worker JVM + libllama + per-model bookkeeping, before any weight or cache: the RSS left over on stories260K
     * and 50–200 MiB generated models once weights, cache and compute are accounted for (5–7 MiB above the 80 MiB of
     * a worker that has loaded a model and not yet run it).
     */
    static final long FIXED_OVERHEAD_BYTES = 86L << 20;
    /**
     * llama.cpp keeps per-token vocabulary entries (text, score, attributes, lookup maps) on the host: fitted to the
     * 32000-token llama-2-tiny-random, which holds about 14 MiB more than a 512-token model of the same weights.
     */
    static final long BYTES_PER_VOCAB_ENTRY = 448;

    private MemoryEstimator() {}

    /** The memory {@code model} would take when loaded as {@code request} says. */
    public static MemoryEstimate estimate(GgufInfo model, EstimateRequest request) {
        return estimate(ModelShape.of(model), request);
    }

    static MemoryEstimate estimate(ModelShape shape, EstimateRequest request) {
        int layers = shape.layers();
        int offloaded = Math.min(Math.max(request.gpuLayers(), 0), layers);
        boolean outputOnGpu = request.gpuLayers() > layers;
        long weightsGpu = 0;
        long weightsHost = shape.inputBytes();
        for (int layer = 0; layer < layers; layer++) {
            // llama.cpp offloads the LAST gpuLayers blocks (i >= n_layer - gpuLayers).
            if (layer >= layers - offloaded) {
                weightsGpu += shape.layerBytes()[layer];
            } else {
                weightsHost += shape.layerBytes()[layer];
            }
        }
        if (outputOnGpu) {
            weightsGpu += shape.outputBytes() + (shape.tiedOutput() ? shape.tokenEmbeddingBytes() : 0);
        } else {
            weightsHost += shape.outputBytes();
        }

        long cells = paddedContext(request);
        long kvPerLayer = (long) Math.ceil(cells * shape.kvElementsPerToken() * request.kvType().bytesPerElement());
        long kvGpu = kvPerLayer * offloaded;
        long kvHost = kvPerLayer * (layers - offloaded);

        long tokens = Math.min(cells, MICRO_BATCH);
        // VRAM is committed when reserved, so the GPU holds the graph as reserved: logits for every token. Host
        // pages count only once touched, and a chat server asks for the logits of one token per sequence.
        long computeGpu = offloaded > 0 ? computeGraphBytes(shape, cells, tokens) : 0;
        long computeHost = (offloaded == 0
                ? computeGraphBytes(shape, cells, Math.min(tokens, request.slots()))
                        + attentionWorkBytes(shape, cells, request.kvType())
                : hostSideOfOffloadedGraph(shape, cells, outputOnGpu)) + outputBufferBytes(shape, request);

        long overhead = FIXED_OVERHEAD_BYTES + BYTES_PER_VOCAB_ENTRY * shape.vocab();
        return new MemoryEstimate(weightsGpu, weightsHost, kvGpu, kvHost, computeGpu, computeHost, overhead);
    }

    /**
     * The largest context per slot, a multiple of {@code step} in {@code [minContext, maxContext]}, whose estimate
     * fits {@code budget} on both the GPU and the host; empty when not even {@code minContext} fits. Memory grows
     * with the context, so this is a binary search over {@link #estimate}.
     *
     * @param slots     parallel sequences the model will serve (the cache holds context × slots)
     * @param gpuLayers as in {@link EstimateRequest}
     * @param step      granularity of the answer, e.g. 256; minContext and maxContext are rounded down to it
     */
    public static OptionalInt maxContextThatFits(GgufInfo model, int slots, KvCacheType kvType, int gpuLayers,
                                                 MemoryBudget budget, int minContext, int maxContext, int step) {
        if (slots < 1 || step < 1 || minContext < step || maxContext < minContext) {
            throw new IllegalArgumentException("need slots >= 1, step >= 1, step <= minContext <= maxContext; were "
                    + slots + ", " + step + ", " + minContext + ", " + maxContext);
        }
        ModelShape shape = ModelShape.of(model);
        int low = minContext / step;
        int high = maxContext / step;
        if (!budget.fits(estimate(shape, new EstimateRequest(low * step, slots, kvType, gpuLayers)))) {
            return OptionalInt.empty();
        }
        while (low < high) {
            int middle = (low + high + 1) >>> 1;
            if (budget.fits(estimate(shape, new EstimateRequest(middle * step, slots, kvType, gpuLayers)))) {
                low = middle;
            } else {
                high = middle - 1;
            }
        }
        return OptionalInt.of(low * step);
    }

    /**
     * The most parallel slots, up to {@code maxSlots}, that fit {@code budget} with {@code context} tokens each;
     * 0 when not even one does.
     */
    public static int maxSlotsThatFit(GgufInfo model, int context, KvCacheType kvType, int gpuLayers,
                                      MemoryBudget budget, int maxSlots) {
        ModelShape shape = ModelShape.of(model);
        int low = 0;
        int high = Math.max(0, maxSlots);
        while (low < high) {
            int middle = (low + high + 1) >>> 1;
            if (budget.fits(estimate(shape, new EstimateRequest(context, middle, kvType, gpuLayers)))) {
                low = middle;
            } else {
                high = middle - 1;
            }
        }
        return low;
    }

    static long paddedContext(EstimateRequest request) {
        long cells = (long) request.context() * request.slots();
        return (cells + CONTEXT_PADDING - 1) / CONTEXT_PADDING * CONTEXT_PADDING;
    }

    /**
     * Peak of the worst-case graph: one micro-batch attending over the whole cache. Tensors that are not alive at
     * the same time share memory in ggml's allocator, so the peak is the largest stage plus what stays alive
     * alongside it (activations of n_embd floats per token).
     */
    static long computeGraphBytes(ModelShape shape, long cells, long outputs) {
        long tokens = Math.min(cells, MICRO_BATCH);
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
    static long attentionWorkBytes(ModelShape shape, long cells, KvCacheType kvType) {
        long tokens = Math.min(cells, MICRO_BATCH);
        double bytes = switch (kvType) {
            case F32 -> 0;
            case F16 -> 2;
            case Q8_0, Q4_0 -> 34.0 / 32;
        };
        return (long) Math.ceil(cells * tokens * shape.heads() * bytes);
    }

    /** The host buffer llama.cpp copies logits into: one row of n_vocab floats per sequence. */
    static long outputBufferBytes(ModelShape shape, EstimateRequest request) {
        return 4L * shape.vocab() * request.slots();
    }

    /** With layers on the GPU the host keeps the input embeddings and, unless it was offloaded, the output layer. */
    private static long hostSideOfOffloadedGraph(ModelShape shape, long cells, boolean outputOnGpu) {
        long tokens = Math.min(cells, MICRO_BATCH);
        long input = 4 * tokens * shape.embedding();
        return outputOnGpu ? input : input + 4 * tokens * shape.vocab();
    }
}
