package dev.gatehouse.natives.llamacpp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.manifest.gguf.GgmlType;
import dev.gatehouse.manifest.gguf.ModelArchitecture;
import dev.gatehouse.manifest.gguf.RandomModelGguf;
import dev.gatehouse.manifest.gguf.RandomModelSpec;
import dev.gatehouse.natives.GenerationSettings;
import dev.gatehouse.natives.LlamaLoadOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Closing a llama.cpp engine returns its memory to the operating system, in this process: the reason a pool can
 * unload and reload models freely (java-llama.cpp 4.2.0 kept about 39 MB per load/close cycle).
 */
class UnloadReturnsMemoryTest {

    @TempDir
    Path dir;

    @Test
    void loadingAndClosingAModelEightTimesLeavesTheProcessAsLargeAsAfterTheFirstTime() throws Exception {
        LlamaCppLibrary lib = CpuBackend.library();
        Path file = dir.resolve("model.gguf");
        RandomModelSpec spec = RandomModelSpec.ofApproxBytes(ModelArchitecture.LLAMA, 48_000_000L, GgmlType.F32);
        RandomModelGguf.write(file, spec);
        long modelBytes = Files.size(file);
        LlamaLoadOptions options = LlamaLoadOptions.cpu(file, 1024, 2);

        long loaded = cycle(lib, options);
        long afterFirst = residentBytes();
        for (int i = 0; i < 7; i++) cycle(lib, options);
        long afterLast = residentBytes();

        assertThat(loaded - afterFirst).as("memory returned by one close").isGreaterThan(modelBytes / 2);
        assertThat(afterLast - afterFirst).as("growth over seven more cycles").isLessThan(24L << 20);
    }

    /** Loads, generates a few tokens (so the weights are really read), and closes; returns the RSS while loaded. */
    private static long cycle(LlamaCppLibrary lib, LlamaLoadOptions options) throws Exception {
        try (LlamaCppEngine engine = LlamaCppEngine.open(lib, options)) {
            Generations.readAll(engine.start("hello", GenerationSettings.greedy(4)));
            return residentBytes();
        }
    }

    private static long residentBytes() throws IOException {
        System.gc();
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        throw new IllegalStateException("no VmRSS in /proc/self/status");
    }
}
