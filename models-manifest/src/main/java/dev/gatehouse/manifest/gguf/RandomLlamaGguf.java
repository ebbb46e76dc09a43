package dev.gatehouse.manifest.gguf;

import java.io.IOException;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Writes a {@code llama}-architecture GGUF with random weights that llama.cpp loads and generates with: the full
 * tensor set, the hyper-parameter keys llama.cpp requires and a SentencePiece vocabulary with byte fallback. Output
 * is gibberish; the point is a real model file of a chosen shape and size without shipping one.
 */
public final class RandomLlamaGguf {
    private static final String ARCH = "llama";

    private RandomLlamaGguf() {
    }

    public static void write(Path path, RandomLlamaSpec spec) throws IOException {
        GgufWriter writer = new GgufWriter();
        long n = spec.embedding();
        long kv = (long) spec.headSize() * spec.kvHeads();
        writer.putString("general.architecture", ARCH)
                .putString("general.name", "gatehouse-random-llama")
                .putUint32("general.file_type", spec.tensorType() == GgmlType.F16 ? 1 : 0)
                .putUint32(ARCH + ".context_length", spec.context())
                .putUint32(ARCH + ".embedding_length", spec.embedding())
                .putUint32(ARCH + ".block_count", spec.layers())
                .putUint32(ARCH + ".feed_forward_length", spec.feedForward())
                .putUint32(ARCH + ".attention.head_count", spec.heads())
                .putUint32(ARCH + ".attention.head_count_kv", spec.kvHeads())
                .putUint32(ARCH + ".rope.dimension_count", spec.headSize())
                .putFloat32(ARCH + ".rope.freq_base", 10000f)
                .putFloat32(ARCH + ".attention.layer_norm_rms_epsilon", 1e-5f)
                .putUint32(ARCH + ".vocab_size", spec.vocab());
        writeTokenizer(writer, spec);

        Weights weights = new Weights(spec.seed());
        GgmlType matrix = spec.tensorType();
        writer.addTensor("token_embd.weight", matrix, new long[] {n, spec.vocab()}, weights.uniform(n));
        for (int layer = 0; layer < spec.layers(); layer++) {
            String blk = "blk." + layer + ".";
            writer.addTensor(blk + "attn_norm.weight", GgmlType.F32, new long[] {n}, i -> 1f)
                    .addTensor(blk + "attn_q.weight", matrix, new long[] {n, n}, weights.uniform(n))
                    .addTensor(blk + "attn_k.weight", matrix, new long[] {n, kv}, weights.uniform(n))
                    .addTensor(blk + "attn_v.weight", matrix, new long[] {n, kv}, weights.uniform(n))
                    .addTensor(blk + "attn_output.weight", matrix, new long[] {n, n}, weights.uniform(n))
                    .addTensor(blk + "ffn_norm.weight", GgmlType.F32, new long[] {n}, i -> 1f)
                    .addTensor(blk + "ffn_gate.weight", matrix, new long[] {n, spec.feedForward()},
                            weights.uniform(n))
                    .addTensor(blk + "ffn_up.weight", matrix, new long[] {n, spec.feedForward()},
                            weights.uniform(n))
                    .addTensor(blk + "ffn_down.weight", matrix, new long[] {spec.feedForward(), n},
                            weights.uniform(spec.feedForward()));
        }
        writer.addTensor("output_norm.weight", GgmlType.F32, new long[] {n}, i -> 1f)
                .addTensor("output.weight", matrix, new long[] {n, spec.vocab()}, weights.uniform(n));
        writer.write(path);
    }

    private static void writeTokenizer(GgufWriter writer, RandomLlamaSpec spec) {
        LlamaVocab vocab = LlamaVocab.of(spec.vocab());
        writer.putString("tokenizer.ggml.model", "llama")
                .putStringArray("tokenizer.ggml.tokens", vocab.tokens())
                .putFloat32Array("tokenizer.ggml.scores", vocab.scores())
                .putInt32Array("tokenizer.ggml.token_type", vocab.types())
                .putUint32("tokenizer.ggml.bos_token_id", LlamaVocab.BOS)
                .putUint32("tokenizer.ggml.eos_token_id", LlamaVocab.EOS)
                .putUint32("tokenizer.ggml.unknown_token_id", LlamaVocab.UNK)
                .putBool("tokenizer.ggml.add_bos_token", true)
                .putBool("tokenizer.ggml.add_eos_token", false);
        if (spec.chatTemplate() != null) {
            writer.putString("tokenizer.chat_template", spec.chatTemplate());
        }
    }

    /** Deterministic uniform weights scaled by fan-in, so activations stay finite through the layers. */
    private static final class Weights {
        private final SplittableRandom seeds;

        Weights(long seed) {
            seeds = new SplittableRandom(seed);
        }

        TensorValues uniform(long fanIn) {
            SplittableRandom random = seeds.split();
            float scale = (float) (1.0 / Math.sqrt(fanIn));
            return i -> (random.nextFloat() * 2f - 1f) * scale;
        }
    }
}
