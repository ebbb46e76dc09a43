package dev.gatehouse.manifest.gguf;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Writes a tiny {@code bert} GGUF with random weights that llama.cpp loads as an encoder-only embedding model: the
 * tensors and keys its BERT loader requires, a WordPiece vocabulary of letters, digits and a few words, and the
 * pooling it declares. The vectors mean nothing; the point is a real embedding model file (non-causal attention,
 * no KV cache, pooling chosen by the file) without shipping one.
 */
public final class RandomBertGguf {

    /** llama.cpp's default special-token ids for a WordPiece vocabulary; placing them there needs no id keys. */
    static final int PAD = 0;
    static final int UNK = 100;
    static final int CLS = 101;
    static final int SEP = 102;
    static final int MASK = 103;
    private static final List<String> WORDS = List.of("the", "cat", "dog", "sat", "on", "mat", "hello",
            "world", "embed", "text", "gate", "house");
    private static final int NORMAL = 1;
    private static final int CONTROL = 3;
    private static final int UNUSED = 5;

    private RandomBertGguf() {}

    /**
     * @param layers    transformer blocks
     * @param embedding n_embd, a multiple of {@code heads}
     * @param pooling   what the file declares ({@code <arch>.pooling_type}): "mean", "cls" or "last"
     */
    public static void write(Path path, int layers, int embedding, int heads, int context, long seed,
                             String pooling) throws IOException {
        if (layers < 1 || heads < 1 || embedding % heads != 0 || context < 8) {
            throw new IllegalArgumentException("need layers >= 1, heads >= 1, embedding a multiple of heads and "
                    + "context >= 8; was " + layers + ", " + heads + ", " + embedding + ", " + context);
        }
        int poolingType = switch (pooling) { // llama.cpp's enum llama_pooling_type
            case "mean" -> 1;
            case "cls" -> 2;
            case "last" -> 3;
            default -> throw new IllegalArgumentException("pooling must be mean, cls or last, was " + pooling);
        };
        List<String> tokens = vocabulary();
        int[] types = new int[tokens.size()];
        for (int i = 0; i < types.length; i++) {
            String t = tokens.get(i);
            types[i] = t.startsWith("[unused") ? UNUSED : t.startsWith("[") ? CONTROL : NORMAL;
        }
        int feedForward = 4 * embedding;
        GgufWriter writer = new GgufWriter()
                .putString("general.architecture", "bert")
                .putString("general.name", "gatehouse-random-bert")
                .putUint32("general.file_type", 0)
                .putUint32("bert.context_length", context)
                .putUint32("bert.embedding_length", embedding)
                .putUint32("bert.block_count", layers)
                .putUint32("bert.feed_forward_length", feedForward)
                .putUint32("bert.attention.head_count", heads)
                .putFloat32("bert.attention.layer_norm_epsilon", 1e-12f)
                .putBool("bert.attention.causal", false)
                .putUint32("bert.pooling_type", poolingType)
                .putString("tokenizer.ggml.model", "bert")
                .putStringArray("tokenizer.ggml.tokens", tokens)
                .putInt32Array("tokenizer.ggml.token_type", types)
                .putUint32("tokenizer.ggml.token_type_count", 2)
                .putBool("tokenizer.ggml.normalizer.lowercase", true);
        Weights weights = new Weights(seed);
        long n = embedding;
        writer.addTensor("token_embd.weight", GgmlType.F32, new long[] {n, tokens.size()}, weights.uniform(1))
                .addTensor("token_types.weight", GgmlType.F32, new long[] {n, 2}, weights.uniform(1))
                .addTensor("position_embd.weight", GgmlType.F32, new long[] {n, context}, weights.uniform(1))
                .addTensor("token_embd_norm.weight", GgmlType.F32, new long[] {n}, Weights.ONES)
                .addTensor("token_embd_norm.bias", GgmlType.F32, new long[] {n}, Weights.ZEROS);
        for (int layer = 0; layer < layers; layer++) {
            String blk = "blk." + layer + ".";
            writer.addTensor(blk + "attn_q.weight", GgmlType.F32, new long[] {n, n}, weights.uniform(n))
                    .addTensor(blk + "attn_k.weight", GgmlType.F32, new long[] {n, n}, weights.uniform(n))
                    .addTensor(blk + "attn_v.weight", GgmlType.F32, new long[] {n, n}, weights.uniform(n))
                    .addTensor(blk + "attn_output.weight", GgmlType.F32, new long[] {n, n}, weights.uniform(n))
                    .addTensor(blk + "attn_output_norm.weight", GgmlType.F32, new long[] {n}, Weights.ONES)
                    .addTensor(blk + "attn_output_norm.bias", GgmlType.F32, new long[] {n}, Weights.ZEROS)
                    .addTensor(blk + "ffn_up.weight", GgmlType.F32, new long[] {n, feedForward}, weights.uniform(n))
                    .addTensor(blk + "ffn_down.weight", GgmlType.F32, new long[] {feedForward, n},
                            weights.uniform(feedForward))
                    .addTensor(blk + "layer_output_norm.weight", GgmlType.F32, new long[] {n}, Weights.ONES)
                    .addTensor(blk + "layer_output_norm.bias", GgmlType.F32, new long[] {n}, Weights.ZEROS);
        }
        writer.write(path);
    }

    /** The small shape the tests use: 2 layers, 64 wide, 4 heads, 128 positions, mean pooling. */
    public static void writeTiny(Path path) throws IOException {
        write(path, 2, 64, 4, 128, 11, "mean");
    }

    /**
     * Specials at llama.cpp's default ids, then word-initial pieces ({@code ▁x}, the phantom space llama.cpp's
     * WordPiece puts before each word) and continuation pieces for letters and digits, a few whole words and
     * punctuation, padded with {@code [unusedN]} up to the [UNK] id.
     */
    static List<String> vocabulary() {
        List<String> pieces = new ArrayList<>();
        for (char c = 'a'; c <= 'z'; c++) pieces.addAll(List.of("\u2581" + c, String.valueOf(c)));
        for (char c = '0'; c <= '9'; c++) pieces.addAll(List.of("\u2581" + c, String.valueOf(c)));
        for (String word : WORDS) pieces.add("\u2581" + word);
        for (String mark : List.of(".", ",", "!", "?", "'")) pieces.add("\u2581" + mark);
        String[] tokens = new String[MASK + 1 + pieces.size()];
        tokens[PAD] = "[PAD]";
        tokens[UNK] = "[UNK]";
        tokens[CLS] = "[CLS]";
        tokens[SEP] = "[SEP]";
        tokens[MASK] = "[MASK]";
        for (int i = 1; i < UNK; i++) tokens[i] = "[unused" + i + "]";
        for (int i = 0; i < pieces.size(); i++) tokens[MASK + 1 + i] = pieces.get(i);
        return Arrays.asList(tokens);
    }

    /** Uniform weights scaled by fan-in, each tensor from its own split of the seed. */
    private static final class Weights {
        static final TensorValues ONES = i -> 1f;
        static final TensorValues ZEROS = i -> 0f;
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
