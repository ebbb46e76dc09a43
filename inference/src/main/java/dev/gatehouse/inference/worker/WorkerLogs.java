package dev.gatehouse.inference.worker;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Where a worker's output and its private native-library directory go, and when they are removed: a worker that
 * stops when asked leaves nothing behind; a worker that died keeps its log (the only record of why), rotated so
 * that a model that keeps crashing keeps its last {@link #KEPT} logs and no more.
 */
final class WorkerLogs {
    /** Logs of earlier workers of the same model kept beside the current one. */
    static final int KEPT = 3;

    private WorkerLogs() {}

    /** {@code dir/name.log}, after moving an earlier one to {@code name.1.log} (and so on up to {@link #KEPT}). */
    static Path rotate(Path dir, String name) throws IOException {
        Path current = dir.resolve(name + ".log");
        Files.deleteIfExists(dir.resolve(name + "." + KEPT + ".log"));
        for (int i = KEPT - 1; i >= 1; i--) {
            Path older = dir.resolve(name + "." + i + ".log");
            if (Files.exists(older)) {
                Files.move(older, dir.resolve(name + "." + (i + 1) + ".log"), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        if (Files.exists(current)) {
            Files.move(current, dir.resolve(name + ".1.log"), StandardCopyOption.REPLACE_EXISTING);
        }
        return current;
    }

    /** Removes a file or a directory tree; what cannot be removed stays (a leftover file is harmless). */
    static void remove(Path path) {
        if (!Files.exists(path)) {
            return;
        }
        try {
            Files.walkFileTree(path, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                    Files.deleteIfExists(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException ignored) {
            // see above: best effort
        }
    }
}
