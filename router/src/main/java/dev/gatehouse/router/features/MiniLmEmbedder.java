package dev.gatehouse.router.features;

import dev.gatehouse.natives.NativeLibraries;
import dev.gatehouse.natives.OnnxEmbedder;
import java.util.List;

/**
 * The builtin all-MiniLM-L6-v2 (int8, ONNX Runtime, in process) as the router's embedder, reading the first
 * {@value #WORD_PIECES} word pieces of a prompt: the length the model was fine-tuned on. What a request is about and
 * how hard it is shows in its head; 256 pieces (the `/v1/embeddings` default) cost twice the time on the request path
 * (decision p99 about 24 ms vs 10 ms on 2 cores, docs/BENCHMARKS.md) and gave the same task-category accuracy.
 */
public final class MiniLmEmbedder implements TextEmbedder, AutoCloseable {
    /** Word pieces embedded per prompt; part of {@link #NAME}, so cached vectors and trained models say which. */
    public static final int WORD_PIECES = 128;
    /** Names the vectors this embedder makes: model and input window. */
    public static final String NAME = "all-minilm-l6-v2-" + WORD_PIECES;

    private final OnnxEmbedder embedder;

    private MiniLmEmbedder(OnnxEmbedder embedder) {
        this.embedder = embedder;
    }

    public static MiniLmEmbedder open() {
        NativeLibraries.loadOnnxRuntime();
        return new MiniLmEmbedder(OnnxEmbedder.openBuiltin("all-minilm-l6-v2", WORD_PIECES));
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
