package dev.gatehouse.manifest.memory;

import dev.gatehouse.manifest.gguf.GgufInfo;
import dev.gatehouse.manifest.gguf.TensorInfo;
import java.util.OptionalLong;

/**
 * The figures of a GGUF that memory depends on, read once: tensor bytes grouped the way llama.cpp places them
 * (per block, input, output) and the attention shape that sizes the KV cache and the compute graph.
 *
 * @param layerBytes     bytes of the {@code blk.N.*} tensors, by N
 * @param inputBytes     {@code token_embd*} and {@code pos_embd*}: llama.cpp keeps the input layer on the host
 * @param outputBytes    every other tensor outside the blocks ({@code output}, {@code output_norm}, …)
 * @param tiedOutput     no {@code output.weight}: llama.cpp reuses {@code token_embd} as the output matrix, and
 *                       copies it to the GPU when the output layer is offloaded
 * @param embedding      n_embd
 * @param heads          attention heads
 * @param kvElementsPerToken n_embd_k_gqa + n_embd_v_gqa: KV cache elements one token takes in one layer
 * @param feedForward    n_ff
 * @param vocab          tokens
 * @param queryWidth     n_head × key length: the width of Q (differs from n_embd in qwen3 and gemma3)
 * @param keyWidth       n_head_kv × key length: the width of K
 * @param slidingWindow  some layers attend through a sliding window (gemma3): llama.cpp then builds a second KV
 *                       cache and a second attention mask
 */
record ModelShape(long[] layerBytes, long inputBytes, long outputBytes, boolean tiedOutput, int embedding,
                  int heads, long kvElementsPerToken, int feedForward, int vocab, long queryWidth, long keyWidth,
                  boolean slidingWindow) {

    static ModelShape of(GgufInfo info) {
        int layers = info.blockCount();
        long[] perLayer = new long[layers];
        long input = 0;
        long output = 0;
        boolean hasOutputMatrix = false;
        for (TensorInfo tensor : info.tensors()) {
            String name = tensor.name();
            int layer = blockIndex(name);
            if (layer >= 0 && layer < layers) {
                perLayer[layer] += tensor.byteSize();
            } else if (name.startsWith("token_embd") || name.startsWith("pos_embd")) {
                input += tensor.byteSize();
            } else {
                output += tensor.byteSize();
                hasOutputMatrix |= name.equals("output.weight");
            }
        }
        int heads = Math.max(1, info.headCount());
        int headDim = info.embeddingLength() / heads;
        long keyLength = archLong(info, "attention.key_length").orElse(headDim);
        long valueLength = archLong(info, "attention.value_length").orElse(headDim);
        long kvPerToken = (keyLength + valueLength) * info.headCountKv();
        return new ModelShape(perLayer, input, output, !hasOutputMatrix, info.embeddingLength(), heads, kvPerToken,
                info.feedForwardLength(), info.vocabSize(), keyLength * heads, keyLength * info.headCountKv(),
                info.slidingWindow() > 0);
    }

    int layers() {
        return layerBytes.length;
    }

    /** Bytes of the input matrix, which a tied output layer duplicates on the GPU. */
    long tokenEmbeddingBytes() {
        return inputBytes;
    }

    private static OptionalLong archLong(GgufInfo info, String suffix) {
        OptionalLong value = info.integer(info.architecture() + "." + suffix);
        return value.isPresent() && value.getAsLong() > 0 ? value : OptionalLong.empty();
    }

    /** N of {@code blk.N.anything}, or -1. */
    private static int blockIndex(String name) {
        if (!name.startsWith("blk.")) {
            return -1;
        }
        int end = name.indexOf('.', 4);
        try {
            return Integer.parseInt(end < 0 ? name.substring(4) : name.substring(4, end));
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
