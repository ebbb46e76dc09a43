package dev.gatehouse.natives.backends;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each test lays out a fake machine in a temp directory and asks what it can run. */
class BackendSupportTest {

    @TempDir
    Path root;

    BackendSupport machine(Map<String, String> env, String ldconfig) {
        return new BackendSupport(root, env, ldconfig, "Linux", "amd64");
    }

    BackendSupport machine() {
        return machine(Map.of(), "");
    }

    Path touch(String relative) throws IOException {
        Path file = root.resolve(relative);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, "x");
    }

    @Test
    void aBareMachineCanRunOnlyTheCpuBackendAndSaysWhatTheOthersLack() {
        BackendSupport support = machine();

        assertThat(support.check(BackendKind.CPU).usable()).isTrue();
        BackendAvailability cuda = support.check(BackendKind.CUDA);
        assertThat(cuda.usable()).isFalse();
        assertThat(cuda.detail()).contains("no NVIDIA driver found",
                "the CUDA 13 runtime is missing: libcudart.so.13 and libcublas.so.13 not found in LD_LIBRARY_PATH");
        BackendAvailability vulkan = support.check(BackendKind.VULKAN);
        assertThat(vulkan.usable()).isFalse();
        assertThat(vulkan.detail()).contains("the Vulkan loader libvulkan.so.1 is not in",
                "no Vulkan driver: no ICD manifest (*.json) in /usr/share/vulkan/icd.d or /etc/vulkan/icd.d");
        assertThat(support.all()).extracting(BackendAvailability::kind)
                .containsExactly(BackendKind.CPU, BackendKind.CUDA, BackendKind.VULKAN);
    }

    void driverVersionFile() throws IOException {
        Files.createDirectories(root.resolve("proc/driver/nvidia"));
        Files.writeString(root.resolve("proc/driver/nvidia/version"),
                "NVRM version: NVIDIA UNIX x86_64 Kernel Module  580.95.05  Tue Sep 23 2025\nGCC version: gcc 12\n");
    }

    @Test
    void cudaIsUsableWithTheDriverAndTheCuda13RuntimeUnderUsrLocalCuda() throws IOException {
        driverVersionFile();
        touch("usr/lib/x86_64-linux-gnu/libcuda.so.1");
        touch("usr/local/cuda-13.0/lib64/libcudart.so.13");
        touch("usr/local/cuda-13.0/lib64/libcublas.so.13");

        BackendAvailability cuda = machine().check(BackendKind.CUDA);

        assertThat(cuda.usable()).as(cuda.detail()).isTrue();
        assertThat(cuda.detail()).isEqualTo("NVIDIA driver 580.95.05, CUDA 13 runtime in "
                + root.resolve("usr/local/cuda-13.0/lib64"));
    }

    @Test
    void aDriverWithoutItsLibcudaIsNotEnoughBecauseGgmlCudaLinksIt() throws IOException {
        driverVersionFile();
        touch("usr/local/cuda-13.0/lib64/libcudart.so.13");
        touch("usr/local/cuda-13.0/lib64/libcublas.so.13");

        BackendAvailability cuda = machine().check(BackendKind.CUDA);

        assertThat(cuda.usable()).isFalse();
        assertThat(cuda.detail()).startsWith("the NVIDIA driver 580.95.05 is there but its libcuda.so.1")
                .doesNotContain("CUDA 13 runtime is missing");
    }

    @Test
    void cudaWithTheDriverButWithoutLibcudartNamesOnlyTheMissingLibrary() throws IOException {
        touch("usr/lib/x86_64-linux-gnu/libcuda.so.1");
        touch("usr/lib/x86_64-linux-gnu/libcublas.so.13");

        BackendAvailability cuda = machine().check(BackendKind.CUDA);

        assertThat(cuda.usable()).isFalse();
        assertThat(cuda.detail()).startsWith("the CUDA 13 runtime is missing: libcudart.so.13 not found")
                .doesNotContain("libcublas.so.13 not found").doesNotContain("NVIDIA driver");
    }

    @Test
    void aCuda12RuntimeDoesNotCountForTheCuda13Build() throws IOException {
        touch("usr/lib/x86_64-linux-gnu/libcuda.so.1");
        touch("usr/local/cuda-12.4/lib64/libcudart.so.12");
        touch("usr/local/cuda-12.4/lib64/libcublas.so.12");

        BackendAvailability cuda = machine().check(BackendKind.CUDA);

        assertThat(cuda.usable()).isFalse();
        assertThat(cuda.detail()).contains("libcudart.so.13 and libcublas.so.13 not found");
    }

    @Test
    void theCudaRuntimeIsFoundThroughLdLibraryPath() throws IOException {
        touch("usr/lib/x86_64-linux-gnu/libnvidia-ml.so.1");
        touch("usr/lib/x86_64-linux-gnu/libcuda.so.1");
        Path cudart = touch("opt/cuda/lib/libcudart.so.13");
        touch("opt/cuda/lib/libcublas.so.13");

        BackendAvailability cuda = machine(Map.of("LD_LIBRARY_PATH", "relative/ignored::" + cudart.getParent()), "")
                .check(BackendKind.CUDA);

        assertThat(cuda.usable()).as(cuda.detail()).isTrue();
        assertThat(cuda.detail()).endsWith("CUDA 13 runtime in " + cudart.getParent());
    }

    @Test
    void theCudaRuntimeIsFoundThroughTheLdconfigCacheButNotIts32BitEntries() throws IOException {
        touch("usr/lib/x86_64-linux-gnu/libcuda.so.1");
        String ldconfig = """
                1234 libs found in cache `/etc/ld.so.cache'
                \tlibcudart.so.13 (libc6) => /usr/lib32/libcudart.so.13
                \tlibcublas.so.13 (libc6,x86-64) => /opt/nv/libcublas.so.13
                """;
        BackendAvailability only32Bit = machine(Map.of(), ldconfig).check(BackendKind.CUDA);
        BackendAvailability both = machine(Map.of(), ldconfig
                + "\tlibcudart.so.13 (libc6,x86-64) => /opt/nv/libcudart.so.13\n").check(BackendKind.CUDA);

        assertThat(only32Bit.usable()).isFalse();
        assertThat(only32Bit.detail()).contains("libcudart.so.13 not found");
        assertThat(both.usable()).as(both.detail()).isTrue();
        assertThat(both.detail()).endsWith("CUDA 13 runtime in /opt/nv");
    }

    @Test
    void vulkanNeedsTheLoaderAndAnIcdManifest() throws IOException {
        touch("usr/lib/x86_64-linux-gnu/libvulkan.so.1");
        BackendAvailability loaderOnly = machine().check(BackendKind.VULKAN);
        touch("usr/share/vulkan/icd.d/nvidia_icd.json");
        BackendAvailability both = machine().check(BackendKind.VULKAN);

        assertThat(loaderOnly.usable()).isFalse();
        assertThat(loaderOnly.detail()).startsWith("no Vulkan driver").doesNotContain("libvulkan.so.1");
        assertThat(both.usable()).as(both.detail()).isTrue();
        assertThat(both.detail()).contains("drivers: nvidia_icd.json");
    }

    @Test
    void anIcdManifestUnderEtcCountsToo() throws IOException {
        touch("usr/lib/x86_64-linux-gnu/libvulkan.so.1");
        touch("etc/vulkan/icd.d/lvp_icd.x86_64.json");

        assertThat(machine().check(BackendKind.VULKAN).usable()).isTrue();
    }

    @Test
    void anotherArchitectureCanRunNoneOfThePrebuiltBuilds() {
        BackendSupport arm = new BackendSupport(root, Map.of(), "", "Linux", "aarch64");

        assertThat(arm.all()).allSatisfy(a -> {
            assertThat(a.usable()).isFalse();
            assertThat(a.detail()).isEqualTo("the prebuilt llama.cpp builds are for Linux x86-64, this is Linux aarch64");
        });
    }
}
