package dev.gatehouse.router.features;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.gatehouse.natives.EmbeddingWindow;
import dev.gatehouse.natives.NativeLibraries;
import dev.gatehouse.natives.OnnxEmbedder;
import java.util.concurrent.atomic.LongAdder;

/**
 * The builtin all-MiniLM-L6-v2 (int8, ONNX Runtime, in process) as the router's embedder, reading the first
 * {@value #WORD_PIECES} word pieces of a prompt: the length the model was fine-tuned on. What a request is about and
 * how hard it is shows in its head; 256 pieces (the `/v1/embeddings` default) cost twice the time on the request path
 * (decision p99 about 24 ms vs 10 ms on 2 cores, docs/BENCHMARKS.md) and gave the same task-category accuracy.
 * Each call runs on the request's own thread ({@value #THREADS} intra-op thread): a pool of one thread per core waits
 * at every layer for its slowest thread, so any other work on the machine stretched the tail (decision p99 17–18 ms
 * pooled vs 12 ms single-threaded, p50 8.4 vs 9.6 ms, one JMH run each back to back), and concurrent requests then
 * each keep one core instead of fighting over all of them.
 *
 * <p>Vectors are remembered per window ({@link EmbeddingWindow}, the word pieces the model reads): prompts that differ
 * only past their first {@value #WORD_PIECES} pieces (the same pasted context with another question after it, a long
 * fixed instruction with different data at its end) have the same vector, and looking the window up costs the
 * tokenizer's fraction of a millisecond instead of a model run. {@link SemanticFeatureCache} keys whole prompts, so it
 * misses them.
 */
public final class MiniLmEmbedder implements TextEmbedder, AutoCloseable {
    /** Word pieces embedded per prompt; part of {@link #NAME}, so cached vectors and trained models say which. */
    public static final int WORD_PIECES = 128;
    static final int THREADS = 1;
    /** Names the vectors this embedder makes: model and input window. */
    public static final String NAME = name(WORD_PIECES);

    /** Windows remembered: 8 MB, a few thousand windows (a full window and its vector weigh about 4.7 KB). */
    static final long WINDOW_CACHE_BYTES = 8L << 20;

    private final OnnxEmbedder embedder;
    private final Cache<EmbeddingWindow, float[]> windows;
    private final LongAdder runs = new LongAdder();

    private MiniLmEmbedder(OnnxEmbedder embedder) {
        this.embedder = embedder;
        this.windows = Caffeine.newBuilder().maximumWeight(WINDOW_CACHE_BYTES)
                .weigher((EmbeddingWindow w, float[] v) -> w.bytes() + Float.BYTES * v.length).build();
    }

    public static MiniLmEmbedder open() {
        return open(WORD_PIECES);
    }

    /** The name of the vectors MiniLM makes from the first {@code wordPieces} word pieces. */
    public static String name(int wordPieces) {
        return "all-minilm-l6-v2-" + wordPieces;
    }

    /** MiniLM reading the first {@code wordPieces} word pieces (the lab measures other windows than the router's). */
    public static MiniLmEmbedder open(int wordPieces) {
        NativeLibraries.loadOnnxRuntime();
        return new MiniLmEmbedder(OnnxEmbedder.openBuiltin("all-minilm-l6-v2", wordPieces, THREADS));
    }

    @Override
    public float[] embed(String text) {
        float[] vector = windows.get(embedder.window(text), window -> {
            runs.increment();
            return embedder.embed(window);
        });
        return vector.clone(); // callers own what they get
    }

    /** Model runs so far: windows that were not remembered. */
    long runs() {
        return runs.sum();
    }

    @Override
    public int dimensions() {
        return embedder.dimensions();
    }

    @Override
    public void close() {
        embedder.close();
    }
}
