package dev.gatehouse.manifest;

import java.nio.file.Path;

/** Where a manifest entry's file lies on disk. */
public final class ModelFiles {
    private ModelFiles() {
    }

    /**
     * The file of {@code spec}: an absolute file name as written, a relative one against {@code modelsDir}; null for
     * builtin models, which live inside the jar.
     */
    public static Path resolve(ModelSpec spec, Path modelsDir) {
        if (spec.file() == null) {
            return null;
        }
        Path file = Path.of(spec.file());
        return file.isAbsolute() ? file.normalize() : modelsDir.resolve(file).toAbsolutePath().normalize();
    }
}
