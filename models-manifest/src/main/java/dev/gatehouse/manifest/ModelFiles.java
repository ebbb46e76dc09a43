package dev.gatehouse.manifest;

import java.io.UncheckedIOException;
import java.nio.file.Path;

/** Where a manifest entry's file lies on disk. */
public final class ModelFiles {
    private ModelFiles() {
    }

    /**
     * The file of {@code spec}: an absolute file name as written, a relative one against {@code modelsDir}; a GGUF
     * builtin's copy in the builtin cache ({@link BuiltinModelFiles#extracted}, written on first use); null for ONNX
     * builtins, which load from the classpath.
     *
     * @throws UncheckedIOException when a GGUF builtin cannot be extracted (the message names the folder)
     */
    public static Path resolve(ModelSpec spec, Path modelsDir) {
        if (spec.builtin() != null) {
            return spec.format() == ModelFormat.GGUF ? BuiltinModelFiles.extracted(spec.builtin()) : null;
        }
        Path file = Path.of(spec.file());
        return file.isAbsolute() ? file.normalize() : modelsDir.resolve(file).toAbsolutePath().normalize();
    }
}
