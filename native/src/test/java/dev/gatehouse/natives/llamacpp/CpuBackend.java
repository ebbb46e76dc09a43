package dev.gatehouse.natives.llamacpp;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The CPU llama.cpp libraries the build installs (see native/pom.xml) for tests. Missing libraries fail the test:
 * the build is meant to have installed them, so a skip would hide a broken build.
 */
final class CpuBackend {

    private CpuBackend() {}

    static synchronized LlamaCppLibrary library() {
        Path dir = libraryDir();
        if (!Files.isRegularFile(dir.resolve("libllama.v0.5.0.so"))) {
            throw new AssertionError("llama.cpp CPU libraries not installed in " + dir
                    + "; the build installs them (./gatehouse backends install cpu)");
        }
        return LlamaCppLibrary.load(dir, LlamaCppLibrary.PINNED_VERSION);
    }

    static Path libraryDir() {
        String root = System.getenv("GATEHOUSE_BACKENDS_DIR");
        if (root == null || root.isBlank()) {
            String cache = System.getenv("XDG_CACHE_HOME");
            Path base = cache == null || cache.isBlank() ? Path.of(System.getProperty("user.home"), ".cache") : Path.of(cache);
            return base.resolve("gatehouse/backends/cpu-" + LlamaCppLibrary.PINNED_VERSION + "/lib");
        }
        return Path.of(root, "cpu-" + LlamaCppLibrary.PINNED_VERSION, "lib");
    }
}
