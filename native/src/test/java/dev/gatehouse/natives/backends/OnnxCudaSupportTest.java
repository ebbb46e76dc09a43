package dev.gatehouse.natives.backends;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each test lays out a fake machine in a temp directory and asks whether ONNX Runtime's CUDA provider could run on
 * it: it links CUDA 12 and cuDNN 9 (readelf -d of libonnxruntime_providers_cuda.so 1.23.2), not CUDA 13.
 */
class OnnxCudaSupportTest {

    static final List<String> CUDA12 = List.of("libcudart.so.12", "libcublas.so.12", "libcublasLt.so.12",
            "libcurand.so.10", "libcufft.so.11");

    @TempDir
    Path root;

    OnnxCudaSupport machine(Map<String, String> env, String ldconfig) {
        return new OnnxCudaSupport(root, env, ldconfig, "Linux", "amd64");
    }

    OnnxCudaSupport machine() {
        return machine(Map.of(), "");
    }

    void touch(String relative) throws IOException {
        Path file = root.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, "x");
    }

    void driver(String version) throws IOException {
        Files.createDirectories(root.resolve("proc/driver/nvidia"));
        Files.writeString(root.resolve("proc/driver/nvidia/version"), "NVRM version: NVIDIA UNIX x86_64 Kernel Module  "
                + version + "  Tue Sep 23 2025\nGCC version: gcc 12\n");
    }

    void cuda12In(String dir) throws IOException {
        for (String library : CUDA12) {
            touch(dir + "/" + library);
        }
    }

    @Test
    void aMachineWithoutAnNvidiaDriverHasNoGpuAndSaysSo() {
        OnnxCudaReadiness readiness = machine().check();

        assertThat(readiness.gpuDriver()).isFalse();
        assertThat(readiness.usable()).isFalse();
        assertThat(readiness.detail()).startsWith("no NVIDIA driver found (no /proc/driver/nvidia/version");
    }

    @Test
    void theDriverCuda12AndCudnn9MakeItUsableAndTheDetailSaysWhereTheyAre() throws IOException {
        driver("580.95.05");
        touch("usr/lib/x86_64-linux-gnu/libcuda.so.1");
        cuda12In("usr/local/cuda-12.8/lib64");
        touch("usr/lib/x86_64-linux-gnu/libcudnn.so.9");

        OnnxCudaReadiness readiness = machine().check();

        assertThat(readiness.usable()).as(readiness.detail()).isTrue();
        assertThat(readiness.detail()).isEqualTo("NVIDIA driver 580.95.05, CUDA 12 runtime in "
                + root.resolve("usr/local/cuda-12.8/lib64") + ", cuDNN 9 in " + root.resolve("usr/lib/x86_64-linux-gnu"));
    }

    @Test
    void aCuda13OnlyMachineThatRunsLlamaCppOnCudaCannotRunOnnxRuntimesProvider() throws IOException {
        driver("580.95.05");
        touch("usr/lib/x86_64-linux-gnu/libcuda.so.1");
        touch("usr/local/cuda-13.0/lib64/libcudart.so.13");
        touch("usr/local/cuda-13.0/lib64/libcublas.so.13");

        OnnxCudaReadiness readiness = machine().check();

        assertThat(new BackendSupport(root, Map.of(), "", "Linux", "amd64").check(BackendKind.CUDA).usable()).isTrue();
        assertThat(readiness.gpuDriver()).isTrue();
        assertThat(readiness.usable()).isFalse();
        assertThat(readiness.detail()).startsWith("NVIDIA driver 580.95.05 found, but libcudart.so.12, libcublas.so.12, "
                + "libcublasLt.so.12, libcurand.so.10, libcufft.so.11, libcudnn.so.9 not found in")
                .contains("CUDA 13 libraries do not serve");
    }

    @Test
    void cuda12WithoutCudnnNamesOnlyCudnn() throws IOException {
        driver("550.54.15");
        touch("usr/lib/x86_64-linux-gnu/libcuda.so.1");
        cuda12In("usr/local/cuda-12.4/lib64");

        OnnxCudaReadiness readiness = machine().check();

        assertThat(readiness.usable()).isFalse();
        assertThat(readiness.detail()).startsWith("NVIDIA driver 550.54.15 found, but libcudnn.so.9 not found in");
    }

    @Test
    void librariesOnLdLibraryPathCountAsTheDynamicLinkerWouldFindThem() throws IOException {
        driver("580.95.05");
        Path pip = root.resolve("venv/lib/nvidia");
        for (String library : CUDA12) {
            touch("venv/lib/nvidia/" + library);
        }
        touch("venv/lib/nvidia/libcudnn.so.9");
        touch("usr/lib/x86_64-linux-gnu/libcuda.so.1");

        OnnxCudaReadiness readiness = machine(Map.of("LD_LIBRARY_PATH", pip.toString()), "").check();

        assertThat(readiness.usable()).as(readiness.detail()).isTrue();
        assertThat(readiness.detail()).contains("CUDA 12 runtime in " + pip, "cuDNN 9 in " + pip);
    }

    @Test
    void theLdconfigCacheCountsToo() throws IOException {
        driver("580.95.05");
        StringBuilder ldconfig = new StringBuilder("42 libs found in cache `/etc/ld.so.cache'\n");
        for (String library : List.of("libcuda.so.1", "libcudart.so.12", "libcublas.so.12", "libcublasLt.so.12",
                "libcurand.so.10", "libcufft.so.11", "libcudnn.so.9")) {
            ldconfig.append('\t').append(library).append(" (libc6,x86-64) => /opt/cuda/lib/").append(library).append('\n');
        }

        OnnxCudaReadiness readiness = machine(Map.of(), ldconfig.toString()).check();

        assertThat(readiness.usable()).as(readiness.detail()).isTrue();
        assertThat(readiness.detail()).contains("CUDA 12 runtime in /opt/cuda/lib");
    }

    @Test
    void aDriverOlderThanCuda12NeedsIsNotEnoughEvenWithEveryLibrary() throws IOException {
        driver("470.256.02");
        touch("usr/lib/x86_64-linux-gnu/libcuda.so.1");
        cuda12In("usr/local/cuda-12.4/lib64");
        touch("usr/lib/x86_64-linux-gnu/libcudnn.so.9");

        OnnxCudaReadiness readiness = machine().check();

        assertThat(readiness.usable()).isFalse();
        assertThat(readiness.detail()).isEqualTo("NVIDIA driver 470.256.02 found, but driver 470.256.02 is older than "
                + "525.60.13, the oldest that runs CUDA 12");
    }

    @Test
    void aDriverWithoutItsLibcudaIsNotEnough() throws IOException {
        driver("580.95.05");
        cuda12In("usr/local/cuda-12.8/lib64");
        touch("usr/lib/x86_64-linux-gnu/libcudnn.so.9");

        OnnxCudaReadiness readiness = machine().check();

        assertThat(readiness.usable()).isFalse();
        assertThat(readiness.detail()).startsWith("NVIDIA driver 580.95.05 found, but the driver's libcuda.so.1 is not in");
    }

    @Test
    void otherSystemsAreRefusedNamingThemEvenWithADriver() throws IOException {
        driver("580.95.05");

        OnnxCudaReadiness readiness = new OnnxCudaSupport(root, Map.of(), "", "Linux", "aarch64").check();

        assertThat(readiness.usable()).isFalse();
        assertThat(readiness.gpuDriver()).isTrue();
        assertThat(readiness.detail()).isEqualTo("the onnx-cuda libraries are for Linux x86-64, this is Linux aarch64");
    }
}
