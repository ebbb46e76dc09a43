package dev.gatehouse.manifest.memory;

import dev.gatehouse.manifest.gguf.GgmlType;
import dev.gatehouse.manifest.gguf.GgufInfo;
import dev.gatehouse.manifest.gguf.TensorInfo;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A llama-shaped {@link GgufInfo} built in memory: the header values the estimator reads, no file. */
record HandMadeModel(int layers, int embedding, int heads, int kvHeads, int feedForward, int vocab, GgmlType type,
                     boolean tiedOutput, Map<String, Object> extraMetadata) {

    static HandMadeModel llama(int layers, int embedding, int heads, int kvHeads, int feedForward, int vocab) {
        return new HandMadeModel(layers, embedding, heads, kvHeads, feedForward, vocab, GgmlType.F32, false, Map.of());
    }

    HandMadeModel withType(GgmlType t) {
        return new HandMadeModel(layers, embedding, heads, kvHeads, feedForward, vocab, t, tiedOutput, extraMetadata);
    }

    HandMadeModel tied() {
        return new HandMadeModel(layers, embedding, heads, kvHeads, feedForward, vocab, type, true, extraMetadata);
    }

    HandMadeModel with(String key, Object value) {
        Map<String, Object> extra = new HashMap<>(extraMetadata);
        extra.put(key, value);
        return new HandMadeModel(layers, embedding, heads, kvHeads, feedForward, vocab, type, tiedOutput, extra);
    }

    long matrixBytes(long rows, long columns) {
        return type.bytesFor(rows * columns);
    }

    long embeddingBytes() {
        return matrixBytes(embedding, vocab);
    }

    long layerBytes() {
        long kv = (long) embedding / heads * kvHeads;
        return 2L * 4 * embedding + matrixBytes(embedding, embedding) * 2 + matrixBytes(embedding, kv) * 2
                + matrixBytes(embedding, feedForward) * 3;
    }

    /** output_norm, plus output.weight unless tied. */
    long outputBytes() {
        return 4L * embedding + (tiedOutput ? 0 : embeddingBytes());
    }

    GgufInfo info() {
        Map<String, Object> metadata = new HashMap<>(Map.of(
                "general.architecture", "llama",
                "llama.block_count", layers,
                "llama.embedding_length", embedding,
                "llama.attention.head_count", heads,
                "llama.attention.head_count_kv", kvHeads,
                "llama.feed_forward_length", feedForward,
                "llama.vocab_size", vocab));
        metadata.putAll(extraMetadata);
        List<TensorInfo> tensors = new ArrayList<>();
        long kv = (long) embedding / heads * kvHeads;
        tensors.add(tensor("token_embd.weight", type, embedding, vocab));
        for (int i = 0; i < layers; i++) {
            String blk = "blk." + i + ".";
            tensors.add(tensor(blk + "attn_norm.weight", GgmlType.F32, embedding));
            tensors.add(tensor(blk + "attn_q.weight", type, embedding, embedding));
            tensors.add(tensor(blk + "attn_k.weight", type, embedding, kv));
            tensors.add(tensor(blk + "attn_v.weight", type, embedding, kv));
            tensors.add(tensor(blk + "attn_output.weight", type, embedding, embedding));
            tensors.add(tensor(blk + "ffn_norm.weight", GgmlType.F32, embedding));
            tensors.add(tensor(blk + "ffn_gate.weight", type, embedding, feedForward));
            tensors.add(tensor(blk + "ffn_up.weight", type, embedding, feedForward));
            tensors.add(tensor(blk + "ffn_down.weight", type, feedForward, embedding));
        }
        tensors.add(tensor("output_norm.weight", GgmlType.F32, embedding));
        if (!tiedOutput) {
            tensors.add(tensor("output.weight", type, embedding, vocab));
        }
        return new GgufInfo(Path.of("hand-made.gguf"), 3, 0, 32, 0, metadata, Map.of(), tensors);
    }

    private static TensorInfo tensor(String name, GgmlType type, long... dims) {
        long elements = 1;
        List<Long> list = new ArrayList<>();
        for (long d : dims) {
            elements *= d;
            list.add(d);
        }
        return new TensorInfo(name, list, type, 0, type.bytesFor(elements));
    }
}
