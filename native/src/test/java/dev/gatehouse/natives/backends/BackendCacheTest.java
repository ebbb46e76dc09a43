package dev.gatehouse.natives.backends;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class BackendCacheTest {

    static final List<String> CORE = List.of("libggml-base.so", "libggml.v0.5.0.so", "libllama.v0.5.0.so");

    @TempDir
    Path root;

    record RootCase(String name, Map<String, String> env, String expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<RootCase> roots() {
        return Stream.of(
                new RootCase("GATEHOUSE_BACKENDS_DIR wins over everything",
                        Map.of("GATEHOUSE_BACKENDS_DIR", "/opt/gh", "XDG_CACHE_HOME", "/xdg", "HOME", "/home/u"), "/opt/gh"),
                new RootCase("an absolute XDG_CACHE_HOME is used",
                        Map.of("XDG_CACHE_HOME", "/xdg", "HOME", "/home/u"), "/xdg/gatehouse/backends"),
                new RootCase("a relative XDG_CACHE_HOME is ignored as the XDG spec asks",
                        Map.of("XDG_CACHE_HOME", "rel", "HOME", "/home/u"), "/home/u/.cache/gatehouse/backends"),
                new RootCase("otherwise HOME/.cache",
                        Map.of("HOME", "/home/u"), "/home/u/.cache/gatehouse/backends"),
                new RootCase("blank values count as unset",
                        Map.of("GATEHOUSE_BACKENDS_DIR", " ", "XDG_CACHE_HOME", "", "HOME", "/home/u"),
                        "/home/u/.cache/gatehouse/backends"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("roots")
    void theRootComesFromTheEnvironment(RootCase c) {
        assertThat(BackendCache.defaultRoot(c.env())).isEqualTo(Path.of(c.expected()));
    }

    @Test
    void withoutHomeInTheEnvironmentTheJvmsUserHomeStandsIn() {
        assertThat(BackendCache.defaultRoot(Map.of()))
                .isEqualTo(Path.of(System.getProperty("user.home"), ".cache", "gatehouse", "backends"));
    }

    @Test
    void anEmptyOrAbsentRootListsNothing() {
        assertThat(new BackendCache(root.resolve("absent")).installed()).isEmpty();
        assertThat(new BackendCache(root).installed()).isEmpty();
        assertThat(new BackendCache(root).find(BackendKind.CPU)).isEmpty();
    }

    @Test
    void onlyCompleteInstallsAreListedSortedByName() throws IOException {
        BackendCache cache = new BackendCache(root);
        InstalledBackend vulkan = write(cache, "vulkan", "3.22.1", CORE, true);
        InstalledBackend cpu = write(cache, "cpu", "3.22.1", CORE, true);
        write(cache, "cuda", "3.22.1", CORE, false); // a listed library is gone
        write(cache, "cpu", "3.22.0", List.of("libggml-base.so", "libllama.v0.5.0.so"), true); // no libggml.*
        Files.createDirectories(root.resolve(".staging-cpu-3.22.1-123/lib")); // an install in progress
        Files.createDirectories(root.resolve("cpu-9.9.9")); // no backend.json

        assertThat(cache.installed()).containsExactly(cpu, vulkan);
        assertThat(cache.find(BackendKind.CPU)).contains(cpu);
        assertThat(cache.find(BackendKind.CUDA)).isEmpty();
        assertThat(cpu.libDir()).isEqualTo(root.resolve("cpu-3.22.1/lib"));
        assertThat(cpu.kind()).isEqualTo(BackendKind.CPU);
    }

    @Test
    void aDescriptorWhoseNameDisagreesWithItsDirectoryIsNotAnInstall() throws IOException {
        BackendCache cache = new BackendCache(root);
        InstalledBackend cpu = write(cache, "cpu", "3.22.1", CORE, true);
        Files.move(cpu.dir(), root.resolve("cuda-3.22.1"));

        assertThat(cache.installed()).isEmpty();
    }

    private InstalledBackend write(BackendCache cache, String name, String version, List<String> libs,
            boolean allPresent) throws IOException {
        Path dir = cache.directoryFor(BackendKind.parse(name), version);
        InstalledBackend backend = new InstalledBackend(name, version, dir, "@node-llama-cpp/x", "sha512-x", "b1",
                Instant.parse("2026-12-06T00:00:00Z"), libs);
        Files.createDirectories(backend.libDir());
        for (int i = 0; i < libs.size(); i++) {
            if (allPresent || i > 0) {
                Files.writeString(backend.libDir().resolve(libs.get(i)), "lib");
            }
        }
        BackendJson.write(backend, backend.descriptor());
        return backend;
    }
}
