package dev.gatehouse.manifest.gguf;

import dev.gatehouse.manifest.gguf.ModelArchitecture.Trait;

/**
 * Shape of a random-weight model written by {@link RandomModelGguf}, for any {@link ModelArchitecture}.
 *
 * @param architecture         which tensor set and header keys to write
 * @param layers               transformer blocks
 * @param embedding            n_embd
 * @param heads                attention heads
 * @param kvHeads              key-value heads; divides {@code heads} (fewer means grouped-query attention)
 * @param headSize             dimensions of one head, even (rope rotates pairs); {@code heads × headSize} need not
 *                             equal n_embd (Qwen3-0.6B: 16 × 128 over 1024)
 * @param feedForward          hidden size of the feed-forward network
 * @param vocab                tokens, at least {@link #MIN_VOCAB} (control tokens and the 256 byte-fallback tokens)
 * @param context              trained context length written to the header
 * @param slidingWindow        tokens a sliding-window layer attends to, 0 for none; only for architectures with
 *                             {@link Trait#SLIDING_WINDOW}
 * @param slidingWindowPattern every n-th layer (the last of each n) attends globally, the others use the window;
 *                             0 exactly when {@code slidingWindow} is 0
 * @param chatTemplate         Jinja chat template written to {@code tokenizer.chat_template}, or null for none
 * @param seed                 seed of the weights; the same spec gives the same file
 * @param tensorType           F32, F16, Q8_0 or Q4_0 for the matrices (norm vectors stay F32, as llama.cpp's converter does)
 */
public record RandomModelSpec(
        ModelArchitecture architecture,
        int layers,
        int embedding,
        int heads,
        int kvHeads,
        int headSize,
        int feedForward,
        int vocab,
        int context,
        int slidingWindow,
        int slidingWindowPattern,
        String chatTemplate,
        long seed,
        GgmlType tensorType) {

    public static final int MIN_VOCAB = LlamaVocab.FIXED_TOKENS + 1;

    public RandomModelSpec {
        require(architecture != null, "architecture must be given");
        require(layers >= 1, "layers must be >= 1, was " + layers);
        require(embedding >= 2, "embedding must be >= 2, was " + embedding);
        require(heads >= 1 && kvHeads >= 1, "heads and kvHeads must be >= 1, were " + heads + ", " + kvHeads);
        require(heads % kvHeads == 0, "kvHeads must divide heads, were " + kvHeads + ", " + heads);
        require(headSize >= 2 && headSize % 2 == 0, "headSize must be even and >= 2, was " + headSize);
        require(feedForward >= 1, "feedForward must be >= 1, was " + feedForward);
        require(vocab >= MIN_VOCAB, "vocab must be >= " + MIN_VOCAB + ", was " + vocab);
        require(context >= 16, "context must be >= 16, was " + context);
        require(slidingWindow == 0 || architecture.has(Trait.SLIDING_WINDOW),
                "slidingWindow must be 0 for " + architecture.ggufName() + ", which has no sliding-window attention,"
                        + " was " + slidingWindow);
        require(slidingWindow >= 0 && slidingWindow <= context,
                "slidingWindow must be in [0, context " + context + "], was " + slidingWindow);
        require(slidingWindow == 0 ? slidingWindowPattern == 0 : slidingWindowPattern >= 1,
                "slidingWindowPattern must be >= 1 with a sliding window and 0 without one, was "
                        + slidingWindowPattern + " with slidingWindow " + slidingWindow);
        require(tensorType == GgmlType.F32 || tensorType == GgmlType.F16 || tensorType == GgmlType.Q8_0
                        || tensorType == GgmlType.Q4_0,
                "tensorType must be F32, F16, Q8_0 or Q4_0, was " + tensorType);
    }

    /**
     * A model of well under 1 MB that llama.cpp loads in milliseconds: 2 layers, n_embd 64, 512 tokens, context
     * 512, a ChatML template. The qwen3 one has a head size of 32 over 4 heads, so its query width (128) differs
     * from n_embd as in the real models; the gemma3 one has one KV head, a 128-token window on layer 0 and global
     * attention on layer 1.
     */
    public static RandomModelSpec tiny(ModelArchitecture architecture) {
        return switch (architecture) {
            case LLAMA -> RandomLlamaSpec.tiny().asModelSpec();
            case QWEN3 -> new RandomModelSpec(architecture, 2, 64, 4, 2, 32, 128, 512, 512, 0, 0,
                    RandomLlamaSpec.CHATML_TEMPLATE, 42, GgmlType.F32);
            case GEMMA3 -> new RandomModelSpec(architecture, 2, 64, 4, 1, 32, 256, 512, 512, 128, 2,
                    RandomLlamaSpec.CHATML_TEMPLATE, 42, GgmlType.F32);
        };
    }

    public static RandomModelSpec qwen3Tiny() {
        return tiny(ModelArchitecture.QWEN3);
    }

    public static RandomModelSpec gemma3Tiny() {
        return tiny(ModelArchitecture.GEMMA3);
    }

    /**
     * A model whose tensor data is about {@code bytes} (the header adds tens of KB), from a few MB to tens of GB, for
     * memory tests and benchmarks. More bytes get more layers (one per 128 MiB, between 4 and 48) and a wider n_embd
     * (a multiple of 64, heads of 64, half as many KV heads when the head count is even); n_ff, a multiple of 64 from
     * 3 n_embd up, then lands the size within a percent or two. A 1024-token vocabulary, a 4096-token context, and
     * for gemma3 a 1024-token window on five layers in six. Below about 3 MB (F32) the smallest shape, n_embd 64 over
     * 4 layers, is returned.
     */
    public static RandomModelSpec ofApproxBytes(ModelArchitecture architecture, long bytes, GgmlType tensorType) {
        require(bytes > 0, "bytes must be > 0, was " + bytes);
        int layers = (int) Math.clamp(bytes / (128L << 20), 4, 48);
        int embedding = 64;
        while (sized(architecture, layers, embedding + 64, 3 * (embedding + 64), tensorType).tensorBytes() <= bytes) {
            embedding += 64;
        }
        RandomModelSpec best = sized(architecture, layers, embedding, 3 * embedding, tensorType);
        for (int feedForward = 3 * embedding + 64; ; feedForward += 64) {
            RandomModelSpec wider = sized(architecture, layers, embedding, feedForward, tensorType);
            if (Math.abs(wider.tensorBytes() - bytes) >= Math.abs(best.tensorBytes() - bytes)) {
                return best;
            }
            best = wider;
        }
    }

    private static RandomModelSpec sized(ModelArchitecture architecture, int layers, int embedding, int feedForward,
                                         GgmlType tensorType) {
        int heads = embedding / 64;
        int kvHeads = heads % 2 == 0 ? heads / 2 : heads;
        boolean windowed = architecture.has(Trait.SLIDING_WINDOW);
        return new RandomModelSpec(architecture, layers, embedding, heads, kvHeads, 64, feedForward, 1024, 4096,
                windowed ? 1024 : 0, windowed ? 6 : 0, null, 7, tensorType);
    }

    public RandomModelSpec withChatTemplate(String template) {
        return new RandomModelSpec(architecture, layers, embedding, heads, kvHeads, headSize, feedForward, vocab,
                context, slidingWindow, slidingWindowPattern, template, seed, tensorType);
    }

    public RandomModelSpec withTensorType(GgmlType type) {
        return new RandomModelSpec(architecture, layers, embedding, heads, kvHeads, headSize, feedForward, vocab,
                context, slidingWindow, slidingWindowPattern, chatTemplate, seed, type);
    }

    public RandomModelSpec withContext(int tokens) {
        return new RandomModelSpec(architecture, layers, embedding, heads, kvHeads, headSize, feedForward, vocab,
                tokens, slidingWindow, slidingWindowPattern, chatTemplate, seed, tensorType);
    }

    public RandomModelSpec withSeed(long newSeed) {
        return new RandomModelSpec(architecture, layers, embedding, heads, kvHeads, headSize, feedForward, vocab,
                context, slidingWindow, slidingWindowPattern, chatTemplate, newSeed, tensorType);
    }

    /** {@code window} tokens on all but every {@code pattern}-th layer; (0, 0) turns sliding windows off. */
    public RandomModelSpec withSlidingWindow(int window, int pattern) {
        return new RandomModelSpec(architecture, layers, embedding, heads, kvHeads, headSize, feedForward, vocab,
                context, window, pattern, chatTemplate, seed, tensorType);
    }

    /** Width of the query projection, n_head × head size. */
    public int queryWidth() {
        return heads * headSize;
    }

    /** Width of the key and of the value projection, n_head_kv × head size. */
    public int kvWidth() {
        return kvHeads * headSize;
    }

    /** Whether {@code layer} attends through the sliding window, by the rule llama.cpp applies to the pattern. */
    public boolean isSlidingWindowLayer(int layer) {
        return slidingWindow > 0 && layer % slidingWindowPattern < slidingWindowPattern - 1;
    }

    /** Element count of all tensors. */
    public long parameterCount() {
        return matrixElements() + normElements();
    }

    /** Bytes of tensor data, without alignment padding (what {@link GgufInfo#tensorDataBytes()} reads back). */
    public long tensorBytes() {
        return tensorType.bytesFor(matrixElements()) + GgmlType.F32.bytesFor(normElements());
    }

    private long matrixElements() {
        long e = embedding;
        long perLayer = 2 * e * queryWidth() + 2 * e * kvWidth() + 3 * e * feedForward;
        long embeddings = e * vocab;
        long output = architecture.has(Trait.TIED_OUTPUT) ? 0 : e * vocab;
        return embeddings + output + layers * perLayer;
    }

    private long normElements() {
        long perLayer = 2L * embedding
                + (architecture.has(Trait.QUERY_KEY_NORMS) ? 2L * headSize : 0)
                + (architecture.has(Trait.POST_NORMS) ? 2L * embedding : 0);
        return embedding + layers * perLayer;
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
