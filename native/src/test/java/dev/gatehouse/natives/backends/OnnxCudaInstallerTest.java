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

/** Installs from a local HTTP server laid out like Maven Central, serving a small jar with onnxruntime_gpu's layout. */
class OnnxCudaInstallerTest {

    static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");
    static final String JAR_PATH = "com/microsoft/onnxruntime/onnxruntime_gpu/1.23.2/onnxruntime_gpu-1.23.2.jar";

    @TempDir
    Path dir;
    Path root;
    FakeMavenRepository maven;
    final List<String> progress = new ArrayList<>();

    @BeforeEach
    void startRepository() throws IOException {
        root = dir.resolve("cache/backends");
        maven = new FakeMavenRepository();
    }

    @AfterEach
    void stopRepository() {
        maven.close();
    }

    /** The test jar pinned by its own SHA-256, as the real one is pinned by its. */
    static OnnxCudaArtifact pinned(byte[] jar) {
        return new OnnxCudaArtifact("1.23.2", FakeMavenRepository.hex("SHA-256", jar));
    }

    OnnxCudaInstaller installer(URI repository, OnnxCudaArtifact artifact, Duration deadline) {
        return new OnnxCudaInstaller(new BackendCache(root), repository, artifact, deadline,
                Clock.fixed(NOW, ZoneOffset.UTC));
    }

    OnnxCudaInstaller installer(byte[] jar) {
        return installer(maven.uri(), pinned(jar), Duration.ofSeconds(30));
    }

    @Test
    void installKeepsOnlyTheFourLinuxLibrariesAndRecordsWhereTheyCameFrom() throws Exception {
        byte[] jar = TestOnnxGpuJar.like1232().jar();
        maven.publish(JAR_PATH, jar);

        OnnxCudaInstall installed = installer(jar).install(progress::add);

        Path expectedDir = root.resolve("onnx-cuda-1.23.2");
        assertThat(installed.dir()).isEqualTo(expectedDir);
        assertThat(installed.libDir()).isEqualTo(expectedDir.resolve("lib"));
        assertThat(installed.libraries()).containsExactly("libonnxruntime.so", "libonnxruntime4j_jni.so",
                "libonnxruntime_providers_shared.so", "libonnxruntime_providers_cuda.so");
        try (Stream<Path> files = Files.list(installed.libDir())) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrderElementsOf(installed.libraries());
        }
        assertThat(Files.readString(installed.libDir().resolve("libonnxruntime_providers_cuda.so")))
                .isEqualTo("\u007fELF libonnxruntime_providers_cuda.so");
        assertThat(installed.source()).isEqualTo(URI.create(maven.uri() + "/" + JAR_PATH));
        assertThat(installed.sha256()).isEqualTo(FakeMavenRepository.hex("SHA-256", jar));
        assertThat(installed.installedAt()).isEqualTo(NOW);
        assertThat(OnnxCudaInstall.find(new BackendCache(root))).contains(installed);
        assertThat(Files.readString(installed.descriptor())).contains("\"name\" : \"onnx-cuda\"",
                "\"version\" : \"1.23.2\"", "\"sha256\" : \"" + installed.sha256() + "\"");
        // the llama.cpp listing reads the same root and passes over this install
        assertThat(new BackendCache(root).installed()).isEmpty();
        assertThat(maven.requests()).containsExactly("/maven2/" + JAR_PATH + ".sha1", "/maven2/" + JAR_PATH);
        assertThat(leftovers()).isEmpty();
        assertThat(progress).last().asString().contains("installed onnx-cuda backend 1.23.2", expectedDir.toString());
    }

    @Test
    void forEnvironmentInstallsIntoTheCacheRootFromTheConfiguredRepository() throws Exception {
        OnnxCudaInstaller installer = OnnxCudaInstaller.forEnvironment(Map.of(BackendCache.ROOT_ENV, root.toString(),
                OnnxCudaInstaller.REPOSITORY_ENV, maven.uri().toString()));
        // the pinned digest belongs to the real 445 MB jar, so this small one must be refused after its download
        maven.publish(JAR_PATH, TestOnnxGpuJar.like1232().jar());

        assertThat(installer.cache().root()).isEqualTo(root);
        assertThatThrownBy(() -> installer.install(progress::add))
                .isInstanceOf(BackendInstallException.class)
                .hasMessageContaining("SHA-256 mismatch for " + maven.uri() + "/" + JAR_PATH)
                .hasMessageContaining("Gatehouse pins " + OnnxCudaArtifact.PINNED.sha256());
        assertThat(maven.requests()).containsExactly("/maven2/" + JAR_PATH + ".sha1", "/maven2/" + JAR_PATH);
        assertThat(root.resolve("onnx-cuda-1.23.2")).doesNotExist();
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void aRepositoryThatIsNotAnHttpUrlIsRefusedNamingTheVariable() {
        assertThatThrownBy(() -> OnnxCudaInstaller.forEnvironment(Map.of(OnnxCudaInstaller.REPOSITORY_ENV,
                "file:///srv/maven")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("GATEHOUSE_MAVEN_REPOSITORY must be an http or https URL, got 'file:///srv/maven'");
    }

    @Test
    void aSecondInstallKeepsTheFirstAndAsksTheRepositoryNothing() throws Exception {
        byte[] jar = TestOnnxGpuJar.like1232().jar();
        maven.publish(JAR_PATH, jar);
        OnnxCudaInstall first = installer(jar).install(progress::add);
        int requestsAfterFirst = maven.requests().size();

        OnnxCudaInstall second = installer(jar).install(progress::add);

        assertThat(second).isEqualTo(first);
        assertThat(maven.requests()).hasSize(requestsAfterFirst);
        assertThat(progress).last().asString().contains("already installed");
    }

    @Test
    void aDownloadThatDoesNotMatchThePublishedSha1IsRefusedAndLeavesNothing() {
        byte[] jar = TestOnnxGpuJar.like1232().jar();
        String otherSha1 = FakeMavenRepository.hex("SHA-1", "other bytes".getBytes());
        maven.publish(JAR_PATH, jar, otherSha1);

        assertThatThrownBy(() -> installer(jar).install(progress::add))
                .isInstanceOf(BackendInstallException.class)
                .hasMessageContaining("SHA-1 mismatch for " + maven.uri() + "/" + JAR_PATH)
                .hasMessageContaining("the repository publishes " + otherSha1)
                .hasMessageContaining("the download has " + FakeMavenRepository.hex("SHA-1", jar));
        assertThat(root.resolve("onnx-cuda-1.23.2")).doesNotExist();
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void aSha1FileThatHoldsNoDigestIsRefusedBeforeTheJarIsFetched() {
        byte[] jar = TestOnnxGpuJar.like1232().jar();
        maven.publish(JAR_PATH, jar, "<html>moved</html>");

        assertThatThrownBy(() -> installer(jar).install(progress::add))
                .isInstanceOf(BackendInstallException.class)
                .hasMessageContaining(".jar.sha1 does not hold a SHA-1 (40 hex digits): '<html>moved</html>'");
        assertThat(maven.requests()).containsExactly("/maven2/" + JAR_PATH + ".sha1");
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void aJarWithoutTheCudaProviderIsRefusedNamingWhatItHolds() {
        byte[] jar = TestOnnxGpuJar.like1232()
                .without("ai/onnxruntime/native/linux-x64/libonnxruntime_providers_cuda.so").jar();
        maven.publish(JAR_PATH, jar);

        assertThatThrownBy(() -> installer(jar).install(progress::add))
                .isInstanceOf(BackendInstallException.class)
                .hasMessageContaining("the jar lacks libonnxruntime_providers_cuda.so in ai/onnxruntime/native/linux-x64/ "
                        + "(it holds [libonnxruntime.so, libonnxruntime4j_jni.so, libonnxruntime_providers_shared.so, "
                        + "libonnxruntime_providers_tensorrt.so])");
        assertThat(root.resolve("onnx-cuda-1.23.2")).doesNotExist();
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void aVersionTheRepositoryDoesNotHaveFailsNamingItAndDownloadsNothing() {
        byte[] jar = TestOnnxGpuJar.like1232().jar();

        assertThatThrownBy(() -> installer(jar).install(progress::add))
                .isInstanceOf(BackendInstallException.class)
                .hasMessageContaining("the Maven repository has no " + JAR_PATH + " (HTTP 404 from ");
        assertThat(maven.requests()).containsExactly("/maven2/" + JAR_PATH + ".sha1");
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void anUnreachableRepositoryFailsSayingItCannotBeReached() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        byte[] jar = TestOnnxGpuJar.like1232().jar();
        URI nowhere = URI.create("http://127.0.0.1:" + closedPort + "/maven2");

        assertThatThrownBy(() -> installer(nowhere, pinned(jar), Duration.ofSeconds(30)).install(progress::add))
                .isInstanceOf(BackendInstallException.class)
                .hasMessageContaining("cannot reach the Maven repository at http://127.0.0.1:" + closedPort)
                .hasMessageContaining(OnnxCudaInstaller.REPOSITORY_ENV);
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void aDownloadThatStallsFailsAtTheDeadline() {
        byte[] jar = TestOnnxGpuJar.like1232().file("ai/onnxruntime/native/linux-x64/padding.bin",
                new String(new char[256 * 1024])).jar();
        maven.publish(JAR_PATH, jar).stallJars();

        assertThatThrownBy(() -> installer(maven.uri(), pinned(jar), Duration.ofSeconds(1)).install(progress::add))
                .isInstanceOf(BackendInstallException.class)
                .hasMessageContaining("did not finish within the install's deadline of 1 s");
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void anInstallMissingALibraryCountsAsAbsentAndIsReplaced() throws Exception {
        byte[] jar = TestOnnxGpuJar.like1232().jar();
        maven.publish(JAR_PATH, jar);
        OnnxCudaInstall first = installer(jar).install(progress::add);
        Files.delete(first.libDir().resolve("libonnxruntime_providers_cuda.so"));
        assertThat(OnnxCudaInstall.find(new BackendCache(root))).isEmpty();

        OnnxCudaInstall second = installer(jar).install(progress::add);

        assertThat(second.libDir().resolve("libonnxruntime_providers_cuda.so")).isRegularFile();
        assertThat(OnnxCudaInstall.find(new BackendCache(root))).contains(second);
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
