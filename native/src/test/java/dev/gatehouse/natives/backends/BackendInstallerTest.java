package dev.gatehouse.natives.backends;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackendInstallerTest {

    static final String CPU = "@node-llama-cpp/linux-x64";
    static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");

    @TempDir
    Path dir;
    Path root;
    FakeNpmRegistry registry;
    final List<String> progress = new ArrayList<>();

    @BeforeEach
    void startRegistry() throws IOException {
        root = dir.resolve("cache/backends");
        registry = new FakeNpmRegistry();
    }

    @AfterEach
    void stopRegistry() {
        registry.close();
    }

    BackendInstaller installer(URI registryUri, Duration deadline) {
        return new BackendInstaller(new BackendCache(root), registryUri, deadline, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    BackendInstaller installer() {
        return installer(registry.uri(), Duration.ofSeconds(30));
    }

    @Test
    void installCopiesTheSharedLibrariesOfBinsLinuxX64AndTheCacheListsIt() throws Exception {
        byte[] tgz = TestTarball.cpuPackage().tgz();
        registry.publish(CPU, "3.22.1", tgz);
        BackendInstaller installer = BackendInstaller.forEnvironment(Map.of(
                BackendCache.ROOT_ENV, root.toString(), BackendInstaller.REGISTRY_ENV, registry.uri().toString()));

        Instant before = Instant.now();
        InstalledBackend installed = installer.install(BackendKind.CPU, progress::add);

        Path expectedDir = root.resolve("cpu-3.22.1");
        assertThat(installed.dir()).isEqualTo(expectedDir);
        assertThat(installed.libDir()).isEqualTo(expectedDir.resolve("lib"));
        List<String> libraries = List.of("libggml-base.so", "libggml-cpu-x64.so", "libggml.v0.5.0.so",
                "libllama-common.so", "libllama.so.0", "libllama.v0.5.0.so");
        assertThat(installed.libraries()).containsExactlyElementsOf(libraries);
        try (Stream<Path> files = Files.list(installed.libDir())) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrderElementsOf(libraries);
        }
        assertThat(Files.readString(installed.libDir().resolve("libllama.v0.5.0.so"))).isEqualTo("\u007fELF llama");
        assertThat(Files.isSymbolicLink(installed.libDir().resolve("libllama.so.0"))).isTrue();
        assertThat(Files.readSymbolicLink(installed.libDir().resolve("libllama.so.0"))).isEqualTo(Path.of("libllama.v0.5.0.so"));
        assertThat(installed.coreLibraries()).containsExactly(installed.libDir().resolve("libggml-base.so"),
                installed.libDir().resolve("libggml.v0.5.0.so"), installed.libDir().resolve("libllama.v0.5.0.so"));
        assertThat(installed.llamaCppRelease()).isEqualTo("b6600");
        assertThat(installed.integrity()).isEqualTo(FakeNpmRegistry.integrityOf(tgz));
        assertThat(installed.installedAt()).isBetween(before, Instant.now());
        assertThat(installed.npmPackage()).isEqualTo(CPU);

        assertThat(new BackendCache(root).installed()).containsExactly(installed);
        assertThat(new BackendCache(root).find(BackendKind.CPU)).contains(installed);
        assertThat(new BackendCache(root).find(BackendKind.CUDA)).isEmpty();
        assertThat(Files.readString(installed.descriptor())).contains("\"name\" : \"cpu\"", "\"version\" : \"3.22.1\"",
                "\"npmPackage\" : \"@node-llama-cpp/linux-x64\"", "\"llamaCppRelease\" : \"b6600\"",
                "\"installedAt\" : \"" + installed.installedAt() + "\"");
        assertThat(registry.requests()).containsExactly("/@node-llama-cpp%2Flinux-x64/3.22.1",
                "/tarballs/@node-llama-cpp/linux-x64@3.22.1");
        assertThat(leftovers()).isEmpty();
        assertThat(progress).last().asString().contains("installed cpu backend 3.22.1", expectedDir.toString());
    }

    @Test
    void aVulkanInstallTakesItsLibrariesFromItsOwnBinsDirectoryAndNamesItsCoreLibraries() throws Exception {
        registry.publish(BackendKind.VULKAN.npmPackage(), "3.22.1", TestTarball.vulkanPackage().tgz());

        InstalledBackend vulkan = installer().install(BackendKind.VULKAN, progress::add);

        assertThat(vulkan.dir()).isEqualTo(root.resolve("vulkan-3.22.1"));
        assertThat(vulkan.llamaCppRelease()).isEqualTo("unknown");
        assertThat(vulkan.libraries()).contains("libggml-vulkan.so");
        assertThat(vulkan.coreLibraries()).extracting(p -> p.getFileName().toString())
                .containsExactly("libggml-base.so", "libggml.vulkan.v0.5.0.so", "libllama.vulkan.v0.5.0.so");
    }

    @Test
    void aSecondInstallKeepsTheFirstAndAsksTheRegistryNothing() throws Exception {
        registry.publish(CPU, "3.22.1", TestTarball.cpuPackage().tgz());
        InstalledBackend first = installer().install(BackendKind.CPU, progress::add);
        int requestsAfterFirst = registry.requests().size();

        InstalledBackend second = installer(registry.uri(), Duration.ofSeconds(30)).install(BackendKind.CPU, progress::add);

        assertThat(second).isEqualTo(first);
        assertThat(registry.requests()).hasSize(requestsAfterFirst);
        assertThat(progress).last().asString().contains("already installed");
    }

    @Test
    void aWrongIntegrityFailsNamingExpectedAndActualAndLeavesNothing() {
        byte[] tgz = TestTarball.cpuPackage().tgz();
        String announced = FakeNpmRegistry.integrityOf("some other bytes".getBytes());
        registry.publish(CPU, "3.22.1", tgz, announced);

        assertThatThrownBy(() -> installer().install(BackendKind.CPU, progress::add))
                .isInstanceOf(BackendInstallException.class)
                .hasMessageContaining("integrity mismatch for @node-llama-cpp/linux-x64@3.22.1")
                .hasMessageContaining("expected " + announced)
                .hasMessageContaining("got " + FakeNpmRegistry.integrityOf(tgz));
        assertThat(root.resolve("cpu-3.22.1")).doesNotExist();
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void anUnreachableRegistryFailsSayingItCannotBeReached() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        URI nowhere = URI.create("http://127.0.0.1:" + closedPort);

        assertThatThrownBy(() -> installer(nowhere, Duration.ofSeconds(30)).install(BackendKind.CPU, progress::add))
                .isInstanceOf(BackendInstallException.class)
                .hasMessageContaining("cannot reach the npm registry at http://127.0.0.1:" + closedPort)
                .hasMessageContaining(BackendInstaller.REGISTRY_ENV);
        assertThat(root.resolve("cpu-3.22.1")).doesNotExist();
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void aVersionTheRegistryDoesNotHaveFailsNamingIt() {
        assertThatThrownBy(() -> installer().install(BackendKind.VULKAN, progress::add))
                .isInstanceOf(BackendInstallException.class)
                .hasMessageContaining("the npm registry has no @node-llama-cpp/linux-x64-vulkan@3.22.1 (HTTP 404");
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void aTarEntryClimbingOutOfThePackageIsRejectedAndNothingIsWritten() {
        byte[] tgz = TestTarball.cpuPackage().file("package/../../evil.so", "\u007fELF evil").tgz();
        registry.publish(CPU, "3.22.1", tgz);

        assertThatThrownBy(() -> installer().install(BackendKind.CPU, progress::add))
                .isInstanceOf(BackendInstallException.class)
                .hasMessageContaining("tar entry 'package/../../evil.so' escapes the package directory");
        assertThat(root.resolve("cpu-3.22.1")).doesNotExist();
        assertThat(leftovers()).isEmpty();
        try (Stream<Path> everything = Files.walk(dir)) {
            assertThat(everything.map(p -> p.getFileName().toString())).doesNotContain("evil.so");
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aLibrarySymlinkPointingOutsideItsDirectoryIsRejected() {
        byte[] tgz = TestTarball.cpuPackage().symlink("package/bins/linux-x64/libcuda.so.1", "../../../../etc/passwd").tgz();
        registry.publish(CPU, "3.22.1", tgz);

        assertThatThrownBy(() -> installer().install(BackendKind.CPU, progress::add))
                .isInstanceOf(BackendInstallException.class)
                .hasMessageContaining("symlink 'package/bins/linux-x64/libcuda.so.1' -> '../../../../etc/passwd' points outside");
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void aPackageWithoutTheCoreLibrariesIsRejectedNamingWhatItLacks() {
        byte[] tgz = new TestTarball().file("package/bins/linux-x64/libggml-base.so", "\u007fELF")
                .file("package/bins/linux-x64-vulkan/libllama.vulkan.v0.5.0.so", "\u007fELF").tgz();
        registry.publish(CPU, "3.22.1", tgz);

        assertThatThrownBy(() -> installer().install(BackendKind.CPU, progress::add))
                .isInstanceOf(BackendInstallException.class)
                .hasMessageContaining("no libggml.*so, libllama.*so under bins/linux-x64/ (found libggml-base.so)");
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void aDownloadThatStallsFailsAtTheDeadline() {
        registry.publish(CPU, "3.22.1", TestTarball.cpuPackage().file("package/bins/linux-x64/libbig.so",
                new byte[256 * 1024]).tgz()).stallTarballs();

        assertThatThrownBy(() -> installer(registry.uri(), Duration.ofSeconds(1)).install(BackendKind.CPU, progress::add))
                .isInstanceOf(BackendInstallException.class)
                .hasMessageContaining("did not finish within the install's deadline of 1 s");
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void aDamagedInstallIsReplaced() throws Exception {
        Path damaged = Files.createDirectories(root.resolve("cpu-3.22.1/lib"));
        Files.writeString(damaged.resolve("libllama.v0.5.0.so"), "half a library");
        registry.publish(CPU, "3.22.1", TestTarball.cpuPackage().tgz());

        InstalledBackend installed = installer().install(BackendKind.CPU, progress::add);

        assertThat(installed.libraries()).contains("libggml-base.so", "libggml.v0.5.0.so");
        assertThat(installed.installedAt()).isEqualTo(NOW);
        assertThat(Files.readString(installed.libDir().resolve("libllama.v0.5.0.so"))).isEqualTo("\u007fELF llama");
        assertThat(new BackendCache(root).installed()).containsExactly(installed);
        assertThat(leftovers()).isEmpty();
    }

    /** Hidden temp files and staging directories an install may leave in the cache root. */
    private List<String> leftovers() {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(root)) {
            return entries.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".")).toList();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
