package dev.gatehouse.natives.llamacpp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.gatehouse.manifest.BuiltinModelFiles;
import dev.gatehouse.manifest.Engine;
import dev.gatehouse.manifest.FlashAttention;
import dev.gatehouse.manifest.KvCacheType;
import dev.gatehouse.manifest.gguf.GgmlType;
import dev.gatehouse.manifest.gguf.GgufInfo;
import dev.gatehouse.manifest.gguf.GgufReader;
import dev.gatehouse.manifest.gguf.ModelArchitecture;
import dev.gatehouse.manifest.gguf.RandomModelGguf;
import dev.gatehouse.manifest.gguf.RandomModelSpec;
import dev.gatehouse.manifest.memory.EstimateRequest;
import dev.gatehouse.manifest.memory.MemoryEstimate;
import dev.gatehouse.manifest.memory.MemoryEstimator;
import dev.gatehouse.natives.AllocatedBuffers;
import dev.gatehouse.natives.LlamaLoadOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Pins the memory estimator to what the FFM engine's llama.cpp really allocates: each case loads a model and compares
 * the buffers llama.cpp logged ({@code LlamaCppEngine.info().allocated()}) with {@link MemoryEstimator}'s figures for
 * the same load. The KV cache must match to the byte, up to the 0.01 MiB llama.cpp prints per buffer; the compute
 * buffer within 2% or 0.1 MiB. When a llama.cpp upgrade changes its buffers, this is the test that says so.
 */
class EstimatorMatchesLlamaCppTest {

    private static final double MIB = 1 << 20;
    /** llama.cpp prints each buffer in MiB with two decimals; a gemma3 cache is two buffers. */
    private static final double KV_ROUNDING_MIB = 0.011;

    @TempDir
    static Path dir;
    static LlamaCppLibrary lib;

    record Case(String name, String model, int context, int slots, String kvType, String flashAttention) {
        @Override
        public String toString() {
            return name + ": " + context + " x " + slots + ", " + kvType + " cache, flash attention " + flashAttention;
        }
    }

    static Stream<Case> loads() {
        return Stream.of(
                new Case("stories260K, four slots of their own", "stories", 512, 4, "f16", "auto"),
                new Case("stories260K, no materialised scores", "stories", 1024, 2, "f16", "auto"),
                new Case("stories260K, scores materialised", "stories", 1024, 1, "f16", "off"),
                new Case("qwen3, query wider than n_embd, eight slots", "qwen3", 2048, 8, "f16", "auto"),
                new Case("qwen3 with a q8_0 cache", "qwen3", 1024, 2, "q8_0", "auto"),
                new Case("gemma3 with a 1000-token window on every other layer", "gemma3", 8192, 1, "f16", "auto"),
                new Case("gemma3 without flash attention, odd slots", "gemma3", 4096, 3, "f16", "off"),
                new Case("llama with a wide feed-forward, a context padded per slot", "llama", 1000, 3, "f16",
                        "auto"));
    }

    @BeforeAll
    static void models() throws Exception {
        lib = CpuBackend.library();
        // Few layers, so that the engine's log ring (which allocated() is read from) keeps every buffer line.
        RandomModelGguf.write(dir.resolve("qwen3.gguf"), new RandomModelSpec(ModelArchitecture.QWEN3, 3, 256, 16, 4,
                128, 768, 2048, 8192, 0, 0, null, 1, GgmlType.F16));
        RandomModelGguf.write(dir.resolve("gemma3.gguf"), new RandomModelSpec(ModelArchitecture.GEMMA3, 4, 128, 4, 4,
                32, 512, 2048, 8192, 1000, 2, null, 1, GgmlType.F32));
        RandomModelGguf.write(dir.resolve("llama.gguf"), new RandomModelSpec(ModelArchitecture.LLAMA, 2, 128, 2, 2,
                64, 4096, 1024, 8192, 0, 0, null, 1, GgmlType.F16));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("loads")
    void theEstimateMatchesTheBuffersLlamaCppAllocated(Case c) throws Exception {
        Path file = c.model().equals("stories") ? BuiltinModelFiles.extracted("stories260k")
                : dir.resolve(c.model() + ".gguf");
        assertThat(file).satisfies(f -> assertThat(Files.isRegularFile(f)).isTrue());
        AllocatedBuffers allocated;
        try (LlamaCppEngine engine = LlamaCppEngine.open(lib, new LlamaLoadOptions(file, c.context(), c.slots(), 2,
                0, null, 0, List.of(), c.kvType(), c.flashAttention()))) {
            allocated = engine.info().allocated();
        }
        GgufInfo info = GgufReader.read(file);
        EstimateRequest request = new EstimateRequest(c.context(), c.slots(), kvType(c.kvType()), 0,
                Engine.LLAMA_CPP, flashAttention(c.flashAttention()));
        MemoryEstimate estimate = MemoryEstimator.estimate(info, request);
        double reservedMiB = MemoryEstimator.reservedComputeBytes(info, request) / MIB;
        double loggedComputeMiB = allocated.computeBytes() / MIB;

        assertThat(allocated.weightsBytes()).as("the engine saw the model buffer line").isPositive();
        assertThat(estimate.kvCacheHostBytes() / MIB).as("KV cache, MiB")
                .isCloseTo(allocated.kvCacheBytes() / MIB, within(KV_ROUNDING_MIB));
        assertThat(reservedMiB).as("compute buffer, MiB")
                .isCloseTo(loggedComputeMiB, within(Math.max(0.1, 0.02 * loggedComputeMiB)));
    }

    private static KvCacheType kvType(String wire) {
        return Stream.of(KvCacheType.values()).filter(t -> t.wireName().equals(wire)).findFirst().orElseThrow();
    }

    private static FlashAttention flashAttention(String wire) {
        return Stream.of(FlashAttention.values()).filter(f -> f.wireName().equals(wire)).findFirst().orElseThrow();
    }
}
