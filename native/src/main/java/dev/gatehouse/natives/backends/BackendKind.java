package dev.gatehouse.natives.backends;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The llama.cpp builds Gatehouse can install, each a prebuilt npm package of node-llama-cpp whose
 * {@code bins/linux-x64/} holds the llama.cpp and ggml shared libraries (the whole llama.h C API).
 *
 * <p>Not offered: {@code @node-llama-cpp/linux-x64-cuda-ext}, a 375 MB second CUDA build that node-llama-cpp falls
 * back to when the main one fails to load. It links the same CUDA 13 runtime, so it does not help a host that lacks
 * it, and a failure of the main build is better reported than hidden behind a larger download.
 */
public enum BackendKind {
    CPU("@node-llama-cpp/linux-x64"),
    CUDA("@node-llama-cpp/linux-x64-cuda"),
    VULKAN("@node-llama-cpp/linux-x64-vulkan");

    /** The package version installed and looked for: 3.22.1 carries llama.cpp of 2026-09-28. */
    public static final String PINNED_VERSION = "3.22.1";

    private final String npmPackage;

    BackendKind(String npmPackage) {
        this.npmPackage = npmPackage;
    }

    /** The lower-case name used on the command line, in JSON and in cache directory names: cpu, cuda, vulkan. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The npm package, with its scope, e.g. {@code @node-llama-cpp/linux-x64}. */
    public String npmPackage() {
        return npmPackage;
    }

    /**
     * The package's directory under {@code bins/} holding the libraries, named after the package: {@code linux-x64},
     * {@code linux-x64-cuda}, {@code linux-x64-vulkan}.
     */
    public String binsDirectory() {
        return npmPackage.substring(npmPackage.indexOf('/') + 1);
    }

    /** Parses {@code cpu}, {@code cuda} or {@code vulkan} (any case); anything else names what is allowed. */
    public static BackendKind parse(String id) {
        for (BackendKind kind : values()) {
            if (kind.id().equalsIgnoreCase(id == null ? "" : id.strip())) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown backend '" + id + "', expected one of "
                + Arrays.stream(values()).map(BackendKind::id).collect(Collectors.joining(", ")));
    }
}
