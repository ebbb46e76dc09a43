package dev.gatehouse.manifest.memory;

import dev.gatehouse.manifest.Engine;

/**
 * The KV cache and compute graph one llama.cpp build allocates for a context: they follow the build, not the model,
 * so each engine's build has its own figures.
 */
sealed interface ContextBuffers permits JavaLlamaCppBuffers, LlamaCppBuffers {

    static ContextBuffers of(EstimateRequest request) {
        return request.engine() == Engine.JAVA_LLAMA_CPP
                ? new JavaLlamaCppBuffers(request)
                : new LlamaCppBuffers(request);
    }

    /** Bytes of one layer's K and V over every slot (llama.cpp logs their sum as "KV buffer size"). */
    long kvBytesPerLayer(ModelShape shape);

    /**
     * The worst-case graph as llama.cpp reserves it ("compute buffer size"): one micro-batch attending over the whole
     * cache, logits for every token. A GPU commits all of it.
     */
    long reservedGraphBytes(ModelShape shape);

    /**
     * What the worst case touches of the graph on a CPU-only host (pages count only once touched: a chat server asks
     * for the logits of one token per slot), plus the CPU backend's work buffer.
     */
    long touchedHostGraphBytes(ModelShape shape);
}
