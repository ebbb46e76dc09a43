package dev.gatehouse.natives.backends;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The real CPU backend that the build installs from the npm registry (native/pom.xml, process-classes) before any
 * test runs. Under CI it must be there; elsewhere a build run with -Dexec.skip=true may lack it, and then this test
 * is skipped with a message saying so. The download itself is tested by the build step, which fails loudly.
 */
class BuildInstalledCpuBackendTest {

    static final String CPU_3_22_1_INTEGRITY =
            "sha512-5uCCDNqWCNfaAm8aR/Uzxbo4HBpKgNF91kCHPepKhgMgV2OAmatoefbOlMihsqCiH2Od35E/eUHQCFbfRBJuOg==";

    @Test
    void theBuildInstalledTheRealCpuBackendWithItsLlamaAndGgmlLibraries() throws IOException {
        BackendCache cache = BackendCache.forEnvironment(System.getenv());
        Optional<InstalledBackend> cpu = cache.find(BackendKind.CPU);
        if (cpu.isEmpty() && System.getenv("CI") == null) {
            String why = "SKIPPED: no cpu backend in " + cache.root() + " (was the build run with -Dexec.skip=true?); "
                    + "run ./mvnw -pl native process-classes to install it";
            System.err.println(why);
            Assumptions.abort(why);
        }
        assertThat(cpu).as("cpu backend installed by the build in " + cache.root()).isPresent();

        InstalledBackend backend = cpu.get();
        assertThat(backend.npmPackage()).isEqualTo("@node-llama-cpp/linux-x64");
        assertThat(backend.integrity()).isEqualTo(CPU_3_22_1_INTEGRITY);
        assertThat(backend.llamaCppRelease()).isNotEqualTo("unknown");
        assertThat(backend.libraries()).contains("libggml-base.so", "libggml.v0.5.0.so", "libllama.v0.5.0.so",
                "libggml-cpu-x64.so").doesNotContain("llama-addon.node", "_nlcBuildMetadata.json");
        assertThat(backend.coreLibraries()).extracting(p -> p.getFileName().toString())
                .containsExactly("libggml-base.so", "libggml.v0.5.0.so", "libllama.v0.5.0.so");
        for (String library : backend.libraries()) {
            assertThat(elfMagic(backend.libDir().resolve(library))).as(library + " is an ELF shared object").isTrue();
        }
    }

    private static boolean elfMagic(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return Arrays.equals(in.readNBytes(4), new byte[] {0x7f, 'E', 'L', 'F'});
        }
    }
}
