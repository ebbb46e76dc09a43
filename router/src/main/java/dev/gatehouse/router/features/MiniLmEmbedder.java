package dev.gatehouse.router.features;

import dev.gatehouse.natives.NativeLibraries;
import dev.gatehouse.natives.OnnxEmbedder;
import java.util.List;

/** The builtin all-MiniLM-L6-v2 (int8, ONNX Runtime, in process) as the router's embedder. */
public final class MiniLmEmbedder implements TextEmbedder, AutoCloseable {
    private final OnnxEmbedder embedder;

    private MiniLmEmbedder(OnnxEmbedder embedder) {
        this.embedder = embedder;
    }

    public static MiniLmEmbedder open() {
        NativeLibraries.loadOnnxRuntime();
        return new MiniLmEmbedder(OnnxEmbedder.openBuiltin("all-minilm-l6-v2"));
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
