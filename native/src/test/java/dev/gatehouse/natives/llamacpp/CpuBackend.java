package dev.gatehouse.natives.llamacpp;

import dev.gatehouse.natives.backends.BackendCache;
import dev.gatehouse.natives.backends.BackendKind;
import dev.gatehouse.natives.backends.InstalledBackend;

/**
 * The CPU llama.cpp libraries the build installs (native/pom.xml runs the installer) for tests. Missing libraries
 * fail the test: the build is meant to have installed them, so a skip would hide a broken build.
 */
final class CpuBackend {

    private CpuBackend() {}

    static synchronized LlamaCppLibrary library() {
        BackendCache cache = BackendCache.forEnvironment(System.getenv());
        InstalledBackend cpu = cache.find(BackendKind.CPU).orElseThrow(() -> new AssertionError(
                "llama.cpp CPU libraries not installed in " + cache.root()
                        + "; the build installs them (./gatehouse backends install cpu)"));
        return LlamaCppLibrary.load(cpu.libDir(), cpu.version(), cpu.coreLibraries());
    }
}
