package dev.gatehouse.router.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command over a temp backend cache and a registry address where nothing listens, so any request would fail
 * the test; the download itself is tested in the native module against a local registry.
 */
class BackendsCommandTest {

    @TempDir
    Path root;
    Map<String, String> env;

    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    @BeforeEach
    void pointAtNowhere() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        env = Map.of("GATEHOUSE_BACKENDS_DIR", root.toString(),
                "GATEHOUSE_NPM_REGISTRY", "http://127.0.0.1:" + closedPort);
    }

    int run(String... args) {
        return GatehouseCli.run(args, new PrintWriter(out), new PrintWriter(err), env, dir -> GatehouseCliTest.NO_LOADS);
    }

    void installCpuByHand() throws IOException {
        Path lib = Files.createDirectories(root.resolve("cpu-3.22.1/lib"));
        for (String library : new String[] {"libggml-base.so", "libggml.v0.5.0.so", "libllama.v0.5.0.so"}) {
            Files.writeString(lib.resolve(library), "\u007fELF");
        }
        Files.writeString(root.resolve("cpu-3.22.1/backend.json"), """
                {"name": "cpu", "version": "3.22.1", "npmPackage": "@node-llama-cpp/linux-x64",
                 "integrity": "sha512-x", "llamaCppRelease": "v0.5.0", "installedAt": "2026-12-06T12:00:00Z",
                 "libraries": ["libggml-base.so", "libggml.v0.5.0.so", "libllama.v0.5.0.so"]}
                """);
    }

    @Test
    void jsonListsTheInstalledBackendsWhatIsUsableAndWhatIsMissingWithReasons() throws IOException {
        installCpuByHand();

        int code = run("backends", "--json");

        assertThat(code).as(err.toString()).isZero();
        JsonNode json = new ObjectMapper().readTree(out.toString());
        assertThat(json.path("installed")).hasSize(1);
        assertThat(json.path("installed").get(0).path("name").asText()).isEqualTo("cpu");
        assertThat(json.path("installed").get(0).path("version").asText()).isEqualTo("3.22.1");
        assertThat(json.path("installed").get(0).path("path").asText()).isEqualTo(root.resolve("cpu-3.22.1").toString());
        assertThat(json.path("installed").get(0).path("libDir").asText())
                .isEqualTo(root.resolve("cpu-3.22.1/lib").toString());
        // this machine (and CI's) is x86-64 Linux: the CPU build always runs; the GPU ones say why they do not
        assertThat(json.path("usable").toString()).contains("\"cpu\"");
        assertThat(json.path("usable").size() + json.path("missing").size()).isEqualTo(3);
        json.path("missing").forEach(m -> assertThat(m.path("reason").asText()).isNotBlank());
    }

    @Test
    void textNamesTheCacheTheInstallAndEachBackendsStanding() throws IOException {
        installCpuByHand();

        int code = run("backends");

        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).contains("installed in " + root + ":",
                "cpu     3.22.1   " + root.resolve("cpu-3.22.1/lib") + "  (llama.cpp v0.5.0)",
                "usable on this machine:", "  cpu     ok", "missing on this machine:");
    }

    @Test
    void anEmptyCacheSaysHowToInstall() {
        int code = run("backends");

        assertThat(code).isZero();
        assertThat(out.toString()).contains("none (install one with: gatehouse backends install cpu)",
                "  cpu     not yet");
    }

    @Test
    void installingAnInstalledBackendSucceedsWithoutTheRegistry() throws IOException {
        installCpuByHand();

        int code = run("backends", "install", "cpu");

        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).contains("already installed",
                "cpu backend 3.22.1 is in " + root.resolve("cpu-3.22.1"));
    }

    @Test
    void anUnreachableRegistryExitsOneWithOneLine() {
        int code = run("backends", "install", "vulkan");

        assertThat(code).isEqualTo(1);
        assertThat(err.toString().strip()).startsWith("backends install: cannot reach the npm registry at http://127.0.0.1:")
                .doesNotContain("\n").doesNotContain("Exception\n\tat");
        assertThat(root.resolve("vulkan-3.22.1")).doesNotExist();
    }

    @Test
    void anUnknownKindExitsOneNamingTheKnownOnes() {
        int code = run("backends", "install", "metal");

        assertThat(code).isEqualTo(1);
        assertThat(err.toString().strip())
                .isEqualTo("backends install: unknown backend 'metal', expected one of cpu, cuda, vulkan or onnx-cuda");
    }

    void installOnnxCudaByHand() throws IOException {
        Path lib = Files.createDirectories(root.resolve("onnx-cuda-1.23.2/lib"));
        String[] libraries = {"libonnxruntime.so", "libonnxruntime4j_jni.so", "libonnxruntime_providers_shared.so",
                "libonnxruntime_providers_cuda.so"};
        for (String library : libraries) {
            Files.writeString(lib.resolve(library), "\u007fELF");
        }
        Files.writeString(root.resolve("onnx-cuda-1.23.2/backend.json"), """
                {"name": "onnx-cuda", "version": "1.23.2", "source": "https://repo.maven.apache.org/maven2/x.jar",
                 "sha256": "%s", "installedAt": "2026-12-06T12:00:00Z", "libraries": ["%s"]}
                """.formatted("0".repeat(64), String.join("\", \"", libraries)));
    }

    @Test
    void installingOnnxCudaWhenItIsInstalledSucceedsWithoutTheRepositoryAndSaysWhenItIsUsed() throws IOException {
        installOnnxCudaByHand();
        env = new java.util.HashMap<>(env);
        env.put("GATEHOUSE_MAVEN_REPOSITORY", env.get("GATEHOUSE_NPM_REGISTRY"));

        int code = run("backends", "install", "onnx-cuda");

        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).contains("onnx-cuda backend 1.23.2 is already installed",
                "onnx-cuda backend 1.23.2 is in " + root.resolve("onnx-cuda-1.23.2"),
                "embedding models use it from the next start");
    }

    @Test
    void anUnreachableMavenRepositoryExitsOneWithOneLineAndInstallsNothing() {
        env = new java.util.HashMap<>(env);
        env.put("GATEHOUSE_MAVEN_REPOSITORY", env.get("GATEHOUSE_NPM_REGISTRY") + "/maven2");

        int code = run("backends", "install", "ONNX-CUDA");

        assertThat(code).isEqualTo(1);
        assertThat(err.toString().strip())
                .startsWith("backends install: cannot reach the Maven repository at http://127.0.0.1:")
                .doesNotContain("\n");
        assertThat(root.resolve("onnx-cuda-1.23.2")).doesNotExist();
    }

    @Test
    void theListingShowsTheOnnxCudaInstallAndWhetherThisMachineCanRunIt() throws IOException {
        installOnnxCudaByHand();

        assertThat(run("backends")).as(err.toString()).isZero();
        assertThat(out.toString()).contains("onnx-cuda (ONNX Runtime's CUDA build, for embedding models):",
                "  installed 1.23.2 in " + root.resolve("onnx-cuda-1.23.2/lib"));
        assertThat(out.toString()).containsAnyOf("  usable: ", "  not usable here: ");

        out.getBuffer().setLength(0);
        assertThat(run("backends", "--json")).as(err.toString()).isZero();
        JsonNode onnx = new ObjectMapper().readTree(out.toString()).path("onnx-cuda");
        assertThat(onnx.path("installed").asBoolean()).isTrue();
        assertThat(onnx.path("version").asText()).isEqualTo("1.23.2");
        assertThat(onnx.path("libDir").asText()).isEqualTo(root.resolve("onnx-cuda-1.23.2/lib").toString());
        assertThat(onnx.path("reason").asText()).isNotBlank();
        // the llama.cpp list is unchanged by it
        assertThat(new ObjectMapper().readTree(out.toString()).path("installed")).isEmpty();
    }

    @Test
    void withoutTheOnnxCudaInstallTheListingSaysHowToGetIt() {
        assertThat(run("backends")).isZero();

        assertThat(out.toString()).contains("  not installed (install with: gatehouse backends install onnx-cuda)");
    }
}
