package dev.gatehouse.natives;

import dev.gatehouse.manifest.gguf.SharedModels;
import dev.gatehouse.manifest.gguf.RandomLlamaGguf;
import dev.gatehouse.manifest.gguf.RandomLlamaSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** Where tests find models: the real tiny ones in ../shared/models, or random-weight ones written on the spot. */
final class TestModels {

    private TestModels() {
    }

    static void loadLibraries() {
        NativeLibraries.loadLlama(Path.of("target", "jllama-tmp"));
        NativeLibraries.loadOnnxRuntime();
    }

    /** A file from the shared models folder; the test is skipped, loudly, when it is not there. */
    static Path shared(String name) {
        return SharedModels.require(name);
    }

    static Path randomLlama(Path dir, RandomLlamaSpec spec) {
        Path file = dir.resolve("random-llama.gguf");
        try {
            RandomLlamaGguf.write(file, spec);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /** Reads a generation to its end. */
    static String readAll(NativeGeneration generation) {
        StringBuilder text = new StringBuilder();
        for (String piece = generation.nextPiece(); piece != null; piece = generation.nextPiece()) {
            text.append(piece);
        }
        return text.toString();
    }
}
