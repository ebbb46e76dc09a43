package dev.gatehouse.manifest.gguf;

/**
 * Shape of a random-weight {@code llama} model written by {@link RandomLlamaGguf}; {@link RandomModelSpec} describes
 * the other architectures too.
 *
 * @param layers       transformer blocks
 * @param embedding    n_embd; a multiple of {@code heads} with an even head size (rope rotates pairs)
 * @param heads        attention heads
 * @param kvHeads      key-value heads; divides {@code heads} (fewer means grouped-query attention)
 * @param feedForward  hidden size of the feed-forward network
 * @param vocab        tokens, at least {@link #MIN_VOCAB} (control tokens and the 256 byte-fallback tokens)
 * @param context      trained context length written to the header
 * @param chatTemplate Jinja chat template written to {@code tokenizer.chat_template}, or null for none
 * @param seed         seed of the weights; the same spec gives the same file
 * @param tensorType   F32 or F16 for the matrices (norm vectors stay F32, as llama.cpp's converter does)
 */
public record RandomLlamaSpec(
        int layers,
        int embedding,
        int heads,
        int kvHeads,
        int feedForward,
        int vocab,
        int context,
        String chatTemplate,
        long seed,
        GgmlType tensorType) {

    public static final int MIN_VOCAB = LlamaVocab.FIXED_TOKENS + 1;

    /** A ChatML template, the format most chat fine-tunes use. */
    public static final String CHATML_TEMPLATE = "{% for message in messages %}"
            + "{{ '<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n' }}"
            + "{% endfor %}"
            + "{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";

    public RandomLlamaSpec {
        require(layers >= 1, "layers must be >= 1, was " + layers);
        require(heads >= 1 && kvHeads >= 1, "heads and kvHeads must be >= 1, were " + heads + ", " + kvHeads);
        require(heads % kvHeads == 0, "kvHeads must divide heads, were " + kvHeads + ", " + heads);
        require(embedding >= 2 && embedding % heads == 0 && (embedding / heads) % 2 == 0,
                "embedding must be a multiple of heads with an even head size, was " + embedding + " / " + heads);
        require(feedForward >= 1, "feedForward must be >= 1, was " + feedForward);
        require(vocab >= MIN_VOCAB, "vocab must be >= " + MIN_VOCAB + ", was " + vocab);
        require(context >= 16, "context must be >= 16, was " + context);
        require(tensorType == GgmlType.F32 || tensorType == GgmlType.F16,
                "tensorType must be F32 or F16, was " + tensorType);
    }

    /** About 560 KB: 2 layers, n_embd 64, grouped-query attention, 512 tokens, context 512, a ChatML template. */
    public static RandomLlamaSpec tiny() {
        return new RandomLlamaSpec(2, 64, 4, 2, 128, 512, 512, CHATML_TEMPLATE, 42, GgmlType.F32);
    }

    /**
     * An F32 model of roughly {@code bytes} bytes (within a few percent above ~5 MB), for memory tests. Four layers
     * and a 1024-token vocabulary; n_embd is chosen to reach the size, never below 64.
     */
    public static RandomLlamaSpec ofApproxBytes(long bytes) {
        int layers = 4;
        int vocab = 1024;
        // F32 bytes = 4 * (2*vocab*E + layers * 16 * E^2) with feedForward = 4E and kvHeads = heads.
        double a = 4.0 * layers * 16;
        double b = 4.0 * 2 * vocab;
        double e = (-b + Math.sqrt(b * b + 4 * a * bytes)) / (2 * a);
        int embedding = Math.max(64, (int) Math.round(e / 32) * 32);
        int heads = embedding / 32;
        return new RandomLlamaSpec(layers, embedding, heads, heads, 4 * embedding, vocab, 2048, null, 7,
                GgmlType.F32);
    }

    public RandomLlamaSpec withChatTemplate(String template) {
        return new RandomLlamaSpec(layers, embedding, heads, kvHeads, feedForward, vocab, context, template, seed,
                tensorType);
    }

    public RandomLlamaSpec withTensorType(GgmlType type) {
        return new RandomLlamaSpec(layers, embedding, heads, kvHeads, feedForward, vocab, context, chatTemplate,
                seed, type);
    }

    public RandomLlamaSpec withContext(int tokens) {
        return new RandomLlamaSpec(layers, embedding, heads, kvHeads, feedForward, vocab, tokens, chatTemplate,
                seed, tensorType);
    }

    /** The same model as a {@link RandomModelSpec}, whose writer gives the same bytes. */
    public RandomModelSpec asModelSpec() {
        return new RandomModelSpec(ModelArchitecture.LLAMA, layers, embedding, heads, kvHeads, headSize(), feedForward,
                vocab, context, 0, 0, chatTemplate, seed, tensorType);
    }

    public int headSize() {
        return embedding / heads;
    }

    /** Element count of all tensors. */
    public long parameterCount() {
        long kv = (long) headSize() * kvHeads;
        long perLayer = 2L * embedding + 2L * embedding * embedding + 2L * embedding * kv
                + 3L * embedding * feedForward;
        return 2L * vocab * embedding + embedding + layers * perLayer;
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
