package dev.gatehouse.natives.backends;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds a shared library by soname the way the dynamic linker would, roughly: {@code LD_LIBRARY_PATH}, then the
 * ldconfig cache, then the directories where CUDA and Debian put libraries. The fixed directories are looked up under
 * {@code systemRoot} ("/" in production, a temp dir in tests); {@code LD_LIBRARY_PATH} and the ldconfig listing are
 * taken as given.
 */
final class LibraryLocator {

    /** Where each search looks, in order, as shown to the user when a library is not found. */
    static final String SEARCHED = "LD_LIBRARY_PATH, the ldconfig cache, /usr/local/cuda*/lib64 or /usr/lib/x86_64-linux-gnu";

    private final Path systemRoot;
    private final List<Path> searchPath;
    private final String ldconfigCache;

    LibraryLocator(Path systemRoot, Map<String, String> env, String ldconfigCache) {
        this.systemRoot = systemRoot;
        this.ldconfigCache = ldconfigCache == null ? "" : ldconfigCache;
        List<Path> dirs = new ArrayList<>();
        for (String entry : env.getOrDefault("LD_LIBRARY_PATH", "").split(":")) {
            if (!entry.isBlank() && Path.of(entry).isAbsolute()) {
                dirs.add(Path.of(entry));
            }
        }
        this.searchPath = List.copyOf(dirs);
    }

    Optional<Path> find(String soname) {
        for (Path dir : searchPath) {
            if (Files.exists(dir.resolve(soname))) {
                return Optional.of(dir.resolve(soname));
            }
        }
        Optional<Path> cached = fromLdconfig(soname);
        if (cached.isPresent()) {
            return cached;
        }
        for (Path dir : fixedDirectories()) {
            if (Files.exists(dir.resolve(soname))) {
                return Optional.of(dir.resolve(soname));
            }
        }
        return Optional.empty();
    }

    /** Lines of {@code ldconfig -p} read {@code \tlibcudart.so.13 (libc6,x86-64) => /usr/local/cuda/lib64/libcudart.so.13}. */
    private Optional<Path> fromLdconfig(String soname) {
        for (String line : ldconfigCache.split("\n")) {
            String trimmed = line.strip();
            int arrow = trimmed.indexOf("=>");
            // 32-bit entries say "(libc6)" or "(libc6,x32)"; the packages are x86-64 builds.
            if (trimmed.startsWith(soname + " ") && arrow > 0 && trimmed.substring(0, arrow).contains("x86-64")) {
                return Optional.of(Path.of(trimmed.substring(arrow + 2).strip()));
            }
        }
        return Optional.empty();
    }

    private List<Path> fixedDirectories() {
        List<Path> dirs = new ArrayList<>();
        Path local = systemRoot.resolve("usr/local");
        if (Files.isDirectory(local)) {
            try (DirectoryStream<Path> cudas = Files.newDirectoryStream(local, "cuda*")) {
                for (Path cuda : cudas) {
                    dirs.add(cuda.resolve("lib64"));
                }
            } catch (IOException e) {
                // an unreadable /usr/local hides its CUDA installs; the message lists where we looked
            }
        }
        dirs.sort(null);
        dirs.add(systemRoot.resolve("usr/lib/x86_64-linux-gnu"));
        return dirs;
    }
}
