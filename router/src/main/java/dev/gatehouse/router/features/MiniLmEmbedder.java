package dev.gatehouse.router.features;

import dev.gatehouse.natives.NativeLibraries;
import dev.gatehouse.natives.OnnxEmbedder;
import java.util.List;

/**
 * The builtin all-MiniLM-L6-v2 (int8, ONNX Runtime, in process) as the router's embedder, reading the first
 * {@value #WORD_PIECES} word pieces of a prompt: the length the model was fine-tuned on. What a request is about and
 * how hard it is shows in its head; 256 pieces (the `/v1/embeddings` default) cost twice the time on the request path
 * (decision p99 about 24 ms vs 10 ms on 2 cores, docs/BENCHMARKS.md) and gave the same task-category accuracy.
 * Each call runs on the request's own thread ({@value #THREADS} intra-op thread): a pool of one thread per core waits
 * at every layer for its slowest thread, so any other work on the machine stretched the tail (decision p99 17–18 ms
 * pooled vs 12 ms single-threaded, p50 8.4 vs 9.6 ms, one JMH run each back to back), and concurrent requests then
 * each keep one core instead of fighting over all of them.
 */
public final class MiniLmEmbedder implements TextEmbedder, AutoCloseable {
    /** Word pieces embedded per prompt; part of {@link #NAME}, so cached vectors and trained models say which. */
    public static final int WORD_PIECES = 128;
    static final int THREADS = 1;
    /** Names the vectors this embedder makes: model and input window. */
    public static final String NAME = "all-minilm-l6-v2-" + WORD_PIECES;

    private final OnnxEmbedder embedder;

    private MiniLmEmbedder(OnnxEmbedder embedder) {
        this.embedder = embedder;
    }

    public static MiniLmEmbedder open() {
        NativeLibraries.loadOnnxRuntime();
        return new MiniLmEmbedder(OnnxEmbedder.openBuiltin("all-minilm-l6-v2", WORD_PIECES, THREADS));
    }

    @Override
    public float[] embed(String text) {
        return embedder.embed(List.of(text)).vectors()[0];
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
