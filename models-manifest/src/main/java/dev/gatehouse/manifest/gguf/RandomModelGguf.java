package dev.gatehouse.manifest.gguf;

import dev.gatehouse.manifest.gguf.ModelArchitecture.Trait;
import java.io.IOException;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Writes a GGUF with random weights that llama.cpp loads and generates with, for each {@link ModelArchitecture}: the
 * tensor set that architecture's loader requires, the hyper-parameter keys it reads and a SentencePiece vocabulary
 * with byte fallback. Output is gibberish; the point is a real model file of a chosen shape and size without
 * shipping one. Weights are produced while the file is written, so a file of many gigabytes needs no more memory
 * than a tiny one.
 *
 * <p>The vocabulary is SentencePiece ({@code tokenizer.ggml.model = "llama"}) for every architecture. The released
 * Qwen3 models use a GPT-2 byte-level BPE instead, but llama.cpp picks the tokenizer from that key alone, whatever
 * the architecture, and random weights gain nothing from Qwen's merges.
 */
public final class RandomModelGguf {

    private RandomModelGguf() {
    }

    public static void write(Path path, RandomModelSpec spec) throws IOException {
        layout(spec).write(path);
    }

    /** The exact size {@link #write} gives the file, without writing it. */
    public static long predictedFileBytes(RandomModelSpec spec) {
        return layout(spec).fileBytes();
    }

    /** Everything the file holds, with the weights still to be drawn. */
    private static GgufWriter layout(RandomModelSpec spec) {
        GgufWriter writer = new GgufWriter();
        writeHyperParameters(writer, spec);
        writeTokenizer(writer, spec);
        addTensors(writer, spec);
        return writer;
    }

    private static void writeHyperParameters(GgufWriter writer, RandomModelSpec spec) {
        ModelArchitecture architecture = spec.architecture();
        String arch = architecture.ggufName();
        writer.putString("general.architecture", arch)
                .putString("general.name", "gatehouse-random-" + arch)
                .putUint32("general.file_type", fileType(spec.tensorType()))
                .putUint32(arch + ".context_length", spec.context())
                .putUint32(arch + ".embedding_length", spec.embedding())
                .putUint32(arch + ".block_count", spec.layers())
                .putUint32(arch + ".feed_forward_length", spec.feedForward())
                .putUint32(arch + ".attention.head_count", spec.heads())
                .putUint32(arch + ".attention.head_count_kv", spec.kvHeads())
                .putUint32(arch + ".rope.dimension_count", spec.headSize())
                .putFloat32(arch + ".rope.freq_base", architecture.ropeFreqBase())
                .putFloat32(arch + ".attention.layer_norm_rms_epsilon", architecture.rmsEpsilon())
                .putUint32(arch + ".vocab_size", spec.vocab());
        // llama.cpp assumes n_embd / n_head when these are absent.
        if (architecture.has(Trait.DECLARED_HEAD_SIZE) || spec.queryWidth() != spec.embedding()) {
            writer.putUint32(arch + ".attention.key_length", spec.headSize())
                    .putUint32(arch + ".attention.value_length", spec.headSize());
        }
        if (spec.slidingWindow() > 0) {
            writer.putUint32(arch + ".attention.sliding_window", spec.slidingWindow())
                    .putUint32(arch + ".attention.sliding_window_pattern", spec.slidingWindowPattern())
                    .putFloat32(arch + ".rope.freq_base_swa", ModelArchitecture.LOCAL_ROPE_FREQ_BASE);
        }
    }

    private static void writeTokenizer(GgufWriter writer, RandomModelSpec spec) {
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

    /**
     * In the order of llama.cpp's converters. Each matrix draws from its own split of the seed's generator, in this
     * order, so adding a norm (whose weights are constant) changes no other tensor's values.
     */
    private static void addTensors(GgufWriter writer, RandomModelSpec spec) {
        ModelArchitecture architecture = spec.architecture();
        Weights weights = new Weights(spec.seed());
        GgmlType matrix = spec.tensorType();
        long n = spec.embedding();
        long q = spec.queryWidth();
        long kv = spec.kvWidth();
        long ff = spec.feedForward();
        writer.addTensor("token_embd.weight", matrix, new long[] {n, spec.vocab()}, weights.uniform(n));
        for (int layer = 0; layer < spec.layers(); layer++) {
            String blk = "blk." + layer + ".";
            writer.addTensor(blk + "attn_norm.weight", GgmlType.F32, new long[] {n}, Weights.ONES)
                    .addTensor(blk + "attn_q.weight", matrix, new long[] {n, q}, weights.uniform(n))
                    .addTensor(blk + "attn_k.weight", matrix, new long[] {n, kv}, weights.uniform(n))
                    .addTensor(blk + "attn_v.weight", matrix, new long[] {n, kv}, weights.uniform(n));
            if (architecture.has(Trait.QUERY_KEY_NORMS)) {
                writer.addTensor(blk + "attn_q_norm.weight", GgmlType.F32, new long[] {spec.headSize()}, Weights.ONES)
                        .addTensor(blk + "attn_k_norm.weight", GgmlType.F32, new long[] {spec.headSize()},
                                Weights.ONES);
            }
            writer.addTensor(blk + "attn_output.weight", matrix, new long[] {q, n}, weights.uniform(q));
            if (architecture.has(Trait.POST_NORMS)) {
                writer.addTensor(blk + "post_attention_norm.weight", GgmlType.F32, new long[] {n}, Weights.ONES);
            }
            writer.addTensor(blk + "ffn_norm.weight", GgmlType.F32, new long[] {n}, Weights.ONES)
                    .addTensor(blk + "ffn_gate.weight", matrix, new long[] {n, ff}, weights.uniform(n))
                    .addTensor(blk + "ffn_up.weight", matrix, new long[] {n, ff}, weights.uniform(n))
                    .addTensor(blk + "ffn_down.weight", matrix, new long[] {ff, n}, weights.uniform(ff));
            if (architecture.has(Trait.POST_NORMS)) {
                writer.addTensor(blk + "post_ffw_norm.weight", GgmlType.F32, new long[] {n}, Weights.ONES);
            }
        }
        writer.addTensor("output_norm.weight", GgmlType.F32, new long[] {n}, Weights.ONES);
        if (!architecture.has(Trait.TIED_OUTPUT)) {
            writer.addTensor("output.weight", matrix, new long[] {n, spec.vocab()}, weights.uniform(n));
        }
    }

    /** Deterministic uniform weights scaled by fan-in, so activations stay finite through the layers. */
    private static final class Weights {
        /**
         * Norm weights of one keep activations as they are. Gemma's own checkpoints store (weight - 1), but its
         * converter adds the 1 back, so llama.cpp multiplies by the stored value for every architecture here.
         */
        static final TensorValues ONES = i -> 1f;

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

    /** {@code general.file_type} as llama.cpp numbers it ({@code llama_ftype}: MOSTLY_F16 1, MOSTLY_Q4_0 2, MOSTLY_Q8_0 7). */
    private static int fileType(GgmlType matrices) {
        return switch (matrices) {
            case F32 -> 0;
            case F16 -> 1;
            case Q4_0 -> 2;
            case Q8_0 -> 7;
            default -> throw new IllegalArgumentException("no file type for " + matrices);
        };
    }
}
