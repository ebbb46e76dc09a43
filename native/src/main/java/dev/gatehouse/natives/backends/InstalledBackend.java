package dev.gatehouse.natives.backends;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One installed llama.cpp build, as described by its {@code backend.json}: the shared libraries lie directly in
 * {@link #libDir()} under the names the package gave them, which differ between builds: {@code libllama.v0.5.0.so}
 * (cpu), {@code libllama.cuda.v0.5.0.so} (cuda), {@code libllama.vulkan.v0.5.0.so} (vulkan), beside
 * {@code libggml-base.so}, {@code libggml.<build>.v0.5.0.so}, the {@code libggml-cpu-*.so} variants and
 * {@code libggml-cuda.so} / {@code libggml-vulkan.so}. {@link #coreLibraries()} names the three to load.
 *
 * @param name            the backend's id: cpu, cuda or vulkan
 * @param version         the npm package version, e.g. 3.22.1
 * @param dir             {@code <cache root>/<name>-<version>}
 * @param npmPackage      the package it came from, e.g. {@code @node-llama-cpp/linux-x64}
 * @param integrity       the package's verified {@code sha512-<base64>} integrity
 * @param llamaCppRelease the llama.cpp release the package records in its build metadata ("unknown" if it has none)
 * @param installedAt     when the install finished
 * @param libraries       the file names in {@link #libDir()}
 */
public record InstalledBackend(String name, String version, Path dir, String npmPackage, String integrity,
        String llamaCppRelease, Instant installedAt, List<String> libraries) {

    /** Prefixes of the core libraries in load order; the dot keeps {@code libllama-common.so} out. */
    private static final List<String> CORE = List.of("libggml-base.", "libggml.", "libllama.");

    public InstalledBackend {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(npmPackage, "npmPackage");
        Objects.requireNonNull(integrity, "integrity");
        Objects.requireNonNull(llamaCppRelease, "llamaCppRelease");
        Objects.requireNonNull(installedAt, "installedAt");
        libraries = List.copyOf(libraries);
    }

    /** The directory holding the shared libraries: {@code dir/lib}. */
    public Path libDir() {
        return dir.resolve("lib");
    }

    /** The description written at install time: {@code dir/backend.json}. */
    public Path descriptor() {
        return dir.resolve(BackendJson.FILE_NAME);
    }

    /**
     * The libraries to {@code System.load} in this order: {@code libggml-base}, {@code libggml.*}, {@code libllama.*}
     * (each finds the previous one by soname through {@code RUNPATH $ORIGIN}); the ggml backends
     * ({@code libggml-cpu-*.so}, {@code libggml-cuda.so}, ...) are then loaded by ggml from {@link #libDir()}.
     * Where a symlink and its file both match, the file is named.
     *
     * @throws IllegalStateException if one of the three is not among {@link #libraries()}
     */
    public List<Path> coreLibraries() {
        List<String> missing = missingCoreLibraries(libraries);
        if (!missing.isEmpty()) {
            throw new IllegalStateException(dir + " lacks " + String.join(", ", missing));
        }
        return CORE.stream().map(this::core).toList();
    }

    /** The real file among the names with {@code prefix}: a symlink beside it names the same library. */
    private Path core(String prefix) {
        List<Path> candidates = libraries.stream().filter(n -> n.startsWith(prefix)).sorted().map(libDir()::resolve)
                .toList();
        return candidates.stream().filter(p -> !Files.isSymbolicLink(p)).findFirst().orElse(candidates.getFirst());
    }

    /** Which of the three core libraries (by prefix) {@code names} lacks; empty when all are there. */
    static List<String> missingCoreLibraries(List<String> names) {
        return CORE.stream().filter(prefix -> first(names, prefix) == null).map(prefix -> prefix + "*so").toList();
    }

    private static String first(List<String> names, String prefix) {
        return names.stream().filter(n -> n.startsWith(prefix)).sorted().findFirst().orElse(null);
    }

    /** The kind this install is for. */
    public BackendKind kind() {
        return BackendKind.parse(name);
    }
}
