package dev.gatehouse.manifest.gguf;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Writes a {@code llama}-architecture GGUF with random weights that llama.cpp loads and generates with: the full
 * tensor set, the hyper-parameter keys llama.cpp requires and a SentencePiece vocabulary with byte fallback. Output
 * is gibberish; the point is a real model file of a chosen shape and size without shipping one. The llama case of
 * {@link RandomModelGguf}, kept for the callers that only ever want llama.
 */
public final class RandomLlamaGguf {

    private RandomLlamaGguf() {
    }

    public static void write(Path path, RandomLlamaSpec spec) throws IOException {
        RandomModelGguf.write(path, spec.asModelSpec());
    }
}
