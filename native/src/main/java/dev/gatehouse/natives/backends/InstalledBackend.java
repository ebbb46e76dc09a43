package dev.gatehouse.natives.backends;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One installed llama.cpp build, as described by its {@code backend.json}: the shared libraries lie directly in
 * {@link #libDir()} under the names the package gave them ({@code libllama.v0.5.0.so}, {@code libggml-base.so},
 * {@code libggml-cuda.so}, ...).
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

    /** The kind this install is for. */
    public BackendKind kind() {
        return BackendKind.parse(name);
    }
}
