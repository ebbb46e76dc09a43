package dev.gatehouse.natives.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.natives.NativeException;
import dev.gatehouse.natives.backends.BackendCache;
import dev.gatehouse.natives.backends.OnnxCudaInstall;
import dev.gatehouse.natives.backends.OnnxCudaReadiness;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The choice between ONNX Runtime's CUDA and CPU builds, over fake installs and fake machines. */
class OnnxBackendSelectorTest {

    static final Path CACHE = Path.of("/cache/backends");
    static final OnnxCudaInstall INSTALLED = new OnnxCudaInstall("1.23.2", CACHE.resolve("onnx-cuda-1.23.2"),
            URI.create("https://repo.maven.apache.org/maven2/x.jar"), "0".repeat(64), Instant.EPOCH,
            List.of("libonnxruntime.so", "libonnxruntime4j_jni.so", "libonnxruntime_providers_shared.so",
                    "libonnxruntime_providers_cuda.so"));
    static final OnnxCudaReadiness NO_GPU = new OnnxCudaReadiness(false, false, "no NVIDIA driver found");
    static final OnnxCudaReadiness GPU_WITHOUT_CUDA12 = new OnnxCudaReadiness(true, false,
            "NVIDIA driver 580.95.05 found, but libcudnn.so.9 not found");
    static final OnnxCudaReadiness READY = new OnnxCudaReadiness(true, true, "NVIDIA driver 580.95.05, CUDA 12 ok");

    record Case(String name, String mode, String userNativePath, Optional<OnnxCudaInstall> install,
            OnnxCudaReadiness machine, OnnxPlacement.Backend backend, Path nativeLibraryDir, String reason) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        Path libDir = INSTALLED.libDir();
        return Stream.of(
                new Case("without a GPU or an install the CPU build loads and the reason says there is no GPU",
                        null, null, Optional.empty(), NO_GPU, OnnxPlacement.Backend.CPU, null,
                        "no GPU: no NVIDIA driver found"),
                new Case("a ready GPU without the install stays on the CPU and says how to install",
                        "auto", null, Optional.empty(), READY, OnnxPlacement.Backend.CPU, null,
                        "an NVIDIA GPU is present but the onnx-cuda backend is not installed (gatehouse backends "
                                + "install onnx-cuda)"),
                new Case("a GPU lacking CUDA 12 and the install names both",
                        "", null, Optional.empty(), GPU_WITHOUT_CUDA12, OnnxPlacement.Backend.CPU, null,
                        "an NVIDIA GPU is present but the onnx-cuda backend is not installed (gatehouse backends "
                                + "install onnx-cuda); and NVIDIA driver 580.95.05 found, but libcudnn.so.9 not found"),
                new Case("an install on a machine lacking cuDNN leaves the CPU build and says what is missing",
                        null, null, Optional.of(INSTALLED), GPU_WITHOUT_CUDA12, OnnxPlacement.Backend.CPU, null,
                        "onnx-cuda 1.23.2 in " + libDir + " is installed but unused: NVIDIA driver 580.95.05 found, "
                                + "but libcudnn.so.9 not found"),
                new Case("an install on a ready machine loads the CUDA build from the install",
                        "auto", null, Optional.of(INSTALLED), READY, OnnxPlacement.Backend.CUDA, libDir,
                        "onnx-cuda 1.23.2 in " + libDir + "; NVIDIA driver 580.95.05, CUDA 12 ok"),
                new Case("cpu mode keeps the CPU build even with an install on a ready machine",
                        " CPU ", null, Optional.of(INSTALLED), READY, OnnxPlacement.Backend.CPU, null,
                        "GATEHOUSE_ONNX_BACKEND=cpu"),
                new Case("the user's native path is left alone and CUDA is tried on a ready machine",
                        null, "/opt/ort", Optional.of(INSTALLED), READY, OnnxPlacement.Backend.CUDA, null,
                        "ONNX Runtime from onnxruntime.native.path=/opt/ort (set by the user); NVIDIA driver 580.95.05, "
                                + "CUDA 12 ok"),
                new Case("the user's native path on a machine without CUDA 12 runs on the CPU saying why",
                        null, "/opt/ort", Optional.empty(), GPU_WITHOUT_CUDA12, OnnxPlacement.Backend.CPU, null,
                        "ONNX Runtime from onnxruntime.native.path=/opt/ort (set by the user); no CUDA: NVIDIA driver "
                                + "580.95.05 found, but libcudnn.so.9 not found"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void choose(Case c) {
        OnnxBackendSelector.Plan plan = OnnxBackendSelector.choose(c.mode(), c.userNativePath(), c.install(),
                c::machine);

        assertThat(plan.placement().backend()).isEqualTo(c.backend());
        assertThat(plan.nativeLibraryDir()).isEqualTo(c.nativeLibraryDir());
        assertThat(plan.placement().reason()).isEqualTo(c.reason());
    }

    @Test
    void cpuModeDoesNotProbeTheMachine() {
        AtomicInteger probes = new AtomicInteger();

        OnnxBackendSelector.choose("cpu", null, Optional.of(INSTALLED), () -> {
            probes.incrementAndGet();
            return READY;
        });

        assertThat(probes).hasValue(0);
    }

    @Test
    void anUnknownModeIsRefusedNamingTheVariableAndTheAllowedValues() {
        assertThatThrownBy(() -> OnnxBackendSelector.choose("gpu", null, Optional.empty(), () -> READY))
                .isInstanceOf(NativeException.class)
                .hasMessage("GATEHOUSE_ONNX_BACKEND must be auto or cpu, was 'gpu'")
                .extracting(e -> ((NativeException) e).kind()).isEqualTo(NativeException.Kind.INVALID_ARGUMENT);
    }

    @Test
    void aLoadedBuildWithoutTheCudaProviderTurnsACudaPlanIntoCpuSayingSo() {
        OnnxPlacement planned = OnnxPlacement.cuda("onnx-cuda 1.23.2 in /x; ready");

        OnnxPlacement confirmed = OnnxBackendSelector.confirm(planned, Set.of("CPU"));

        assertThat(confirmed.backend()).isEqualTo(OnnxPlacement.Backend.CPU);
        assertThat(confirmed.reason()).isEqualTo("the loaded ONNX Runtime has no CUDA provider (it lists [CPU]): "
                + "onnx-cuda 1.23.2 in /x; ready");
    }

    @Test
    void aLoadedBuildWithTheCudaProviderKeepsTheCudaPlanAndACpuPlanStaysAsItIs() {
        OnnxPlacement cuda = OnnxPlacement.cuda("ready");
        OnnxPlacement cpu = OnnxPlacement.cpu("no GPU");

        assertThat(OnnxBackendSelector.confirm(cuda, Set.of("CPU", "CUDA", "TENSOR_RT"))).isSameAs(cuda);
        assertThat(OnnxBackendSelector.confirm(cpu, Set.of("CPU"))).isSameAs(cpu);
    }

    @Test
    void planFindsTheInstallInTheCacheTheEnvironmentNames(@TempDir Path root) throws IOException {
        Path lib = Files.createDirectories(root.resolve("onnx-cuda-1.23.2/lib"));
        for (String library : INSTALLED.libraries()) {
            Files.writeString(lib.resolve(library), "\u007fELF");
        }
        Files.writeString(root.resolve("onnx-cuda-1.23.2/backend.json"), """
                {"name": "onnx-cuda", "version": "1.23.2", "source": "https://repo.maven.apache.org/maven2/x.jar",
                 "sha256": "%s", "installedAt": "2026-12-06T12:00:00Z",
                 "libraries": ["libonnxruntime.so", "libonnxruntime4j_jni.so", "libonnxruntime_providers_shared.so",
                               "libonnxruntime_providers_cuda.so"]}
                """.formatted("0".repeat(64)));
        assertThat(OnnxCudaInstall.find(new BackendCache(root))).isPresent();

        OnnxBackendSelector.Plan plan = OnnxBackendSelector.plan(Map.of(BackendCache.ROOT_ENV, root.toString()), null);

        // whether this machine can run it decides the rest; either way the install was found
        if (plan.placement().cuda()) {
            assertThat(plan.nativeLibraryDir()).isEqualTo(lib);
        } else {
            assertThat(plan.nativeLibraryDir()).isNull();
            assertThat(plan.placement().reason()).startsWith("onnx-cuda 1.23.2 in " + lib + " is installed but unused: ");
        }
    }
}
