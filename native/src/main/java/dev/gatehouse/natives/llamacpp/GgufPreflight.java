package dev.gatehouse.natives.llamacpp;

import dev.gatehouse.manifest.gguf.GgufFormatException;
import dev.gatehouse.manifest.gguf.GgufReader;
import dev.gatehouse.natives.NativeException;
import java.nio.file.Path;

/**
 * Reads the GGUF header in Java before llama.cpp sees the file: a file that is not GGUF, or is truncated in its
 * header, is reported precisely here instead of as a bare NULL from the loader.
 */
final class GgufPreflight {

    private GgufPreflight() {}

    static void check(Path file) {
        try {
            GgufReader.read(file);
        } catch (GgufFormatException e) {
            throw new NativeException(NativeException.Kind.MODEL_FILE_CORRUPT, "invalid model file " + e.getMessage(), e);
        }
    }
}
