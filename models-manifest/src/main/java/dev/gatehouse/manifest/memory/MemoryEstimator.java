package dev.gatehouse.manifest.memory;

import dev.gatehouse.manifest.gguf.GgufInfo;
import dev.gatehouse.manifest.KvCacheType;
import java.util.OptionalInt;

/**
 * Predicts the memory llama.cpp takes for a GGUF model, from its header alone, split between the GPU and the host.
 * Pure and cheap (no I/O): the planner calls it many times per placement.
 *
 * <p>What llama.cpp allocates, and how each part is predicted:
 * <ul>
 *   <li><b>Weights</b>: the {@code blk.N.*} tensors of the last {@code gpuLayers} blocks go to the GPU, the rest stay
 *   host-mapped (mmap). The input layer ({@code token_embd}) always stays on the host; the output layer
 *   ({@code output}, {@code output_norm}) goes to the GPU only when {@code gpuLayers} exceeds the block count.</li>
 *   <li><b>KV cache and compute buffers</b> depend on the llama.cpp build of the engine that runs the model
 *   ({@link EstimateRequest#engine()}), so each build has its own figures: {@code LlamaCppBuffers} for the FFM
 *   engine (llama.cpp of 2026-09-28: a KV stream per slot, cells padded to 256, flash attention by default, so the
 *   attention scores are not materialised; KV exact to the byte, compute fitted to the buffer sizes it logs and
 *   pinned by {@code EstimatorMatchesLlamaCppTest} in the native module) and {@code JavaLlamaCppBuffers} for
 *   java-llama.cpp 4.2.0 (b4916: one unified cache, n_ctx padded to 32, scores materialised; fitted to the sizes
 *   b4916 logged). Each layer's share of the cache lives with its layer. On the GPU the compute buffer is committed
 *   as reserved (logits for all 512 tokens); on the host only touched pages are resident, and a chat server computes
 *   logits for one token per sequence, but without flash attention the CPU backend adds a work buffer converting the
 *   attention scores to the cache's type.</li>
 *   <li><b>Fixed overhead</b>: the worker JVM plus libllama, and the vocabulary llama.cpp keeps per token; fitted to
 *   the RSS of java-llama.cpp workers holding the smallest models, and kept for both engines.</li>
 * </ul>
 * The host figures predict a worker process's RSS in the worst case: every slot's context full, so every weight
 * page has been read (llama.cpp mmaps the file), the whole KV cache is in use and the graph has run a full
 * micro-batch over the full cache. See {@code docs/BENCHMARKS.md} (section {@code memory-estimate}) for the measured
 * accuracy. The GPU split follows llama.cpp's placement rules but has not been measured on a GPU yet.
 */
public final class MemoryEstimator {

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

        ContextBuffers buffers = ContextBuffers.of(request);
        long kvPerLayer = buffers.kvBytesPerLayer(shape);
        long kvGpu = kvPerLayer * offloaded;
        long kvHost = kvPerLayer * (layers - offloaded);

        // VRAM is committed when reserved, so the GPU holds the graph as reserved. Host pages count only once
        // touched.
        long computeGpu = offloaded > 0 ? buffers.reservedGraphBytes(shape) : 0;
        long computeHost = (offloaded == 0
                ? buffers.touchedHostGraphBytes(shape)
                : hostSideOfOffloadedGraph(shape, request, outputOnGpu)) + outputBufferBytes(shape, request);

        long overhead = FIXED_OVERHEAD_BYTES + BYTES_PER_VOCAB_ENTRY * shape.vocab();
        return new MemoryEstimate(weightsGpu, weightsHost, kvGpu, kvHost, computeGpu, computeHost, overhead);
    }

    /**
     * The compute buffer llama.cpp reserves and logs ("compute buffer size") for {@code model} loaded as
     * {@code request}: the worst-case graph with logits for every token of the micro-batch, which is what a load's
     * reported buffers ({@code AllocatedBuffers.computeBytes}) should be compared with. The estimate's host compute
     * is smaller on the CPU, since only touched pages are resident. Measured on the CPU backend only.
     */
    public static long reservedComputeBytes(GgufInfo model, EstimateRequest request) {
        return ContextBuffers.of(request).reservedGraphBytes(ModelShape.of(model));
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

    /** The host buffer llama.cpp copies logits into: one row of n_vocab floats per sequence. */
    static long outputBufferBytes(ModelShape shape, EstimateRequest request) {
        return 4L * shape.vocab() * request.slots();
    }

    /** With layers on the GPU the host keeps the input embeddings and, unless it was offloaded, the output layer. */
    private static long hostSideOfOffloadedGraph(ModelShape shape, EstimateRequest request, boolean outputOnGpu) {
        long tokens = Math.min(LlamaCppBuffers.MICRO_BATCH, (long) request.context() * request.slots());
        long input = 4 * tokens * shape.embedding();
        return outputOnGpu ? input : input + 4 * tokens * shape.vocab();
    }
}
