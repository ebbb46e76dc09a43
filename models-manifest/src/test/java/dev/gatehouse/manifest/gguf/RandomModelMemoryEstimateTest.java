package dev.gatehouse.manifest.gguf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.manifest.memory.EstimateRequest;
import dev.gatehouse.manifest.KvCacheType;
import dev.gatehouse.manifest.memory.MemoryEstimate;
import dev.gatehouse.manifest.memory.MemoryEstimator;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The memory estimator, fed the headers of the qwen3 and gemma3 files this package writes. */
class RandomModelMemoryEstimateTest {
    /** llama.cpp's default micro-batch; the sliding-window cache holds the window plus one micro-batch. */
    private static final int MICRO_BATCH = 512;

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(ModelArchitecture.class)
    void onTheCpuEveryWeightByteIsCountedOnceOnTheHost(ModelArchitecture architecture) throws Exception {
        GgufInfo info = written(RandomModelSpec.tiny(architecture));

        MemoryEstimate estimate = MemoryEstimator.estimate(info, new EstimateRequest(512, 1, KvCacheType.F16, 0));

        assertThat(estimate.weightsHostBytes()).isEqualTo(info.tensorDataBytes());
        assertThat(estimate.gpuBytes()).isZero();
        assertThat(estimate.computeHostBytes()).isPositive();
    }

    @Test
    void aQwen3CacheIsSizedByTheDeclaredHeadSizeNotByEmbeddingOverHeads() throws Exception {
        GgufInfo info = written(RandomModelSpec.qwen3Tiny());

        MemoryEstimate estimate = MemoryEstimator.estimate(info, new EstimateRequest(512, 1, KvCacheType.F16, 0));

        // 2 layers × 512 cells × (32 key + 32 value) × 2 KV heads × 2 bytes; n_embd / n_head would give half.
        assertThat(estimate.kvCacheHostBytes()).isEqualTo(2L * 512 * 64 * 2 * 2);
    }

    @Test
    void aFullyOffloadedGemma3CopiesItsTiedEmbeddingsToTheGpu() throws Exception {
        GgufInfo info = written(RandomModelSpec.gemma3Tiny());
        long embeddings = info.tensor("token_embd.weight").orElseThrow().byteSize();

        MemoryEstimate estimate = MemoryEstimator.estimate(info,
                new EstimateRequest(512, 1, KvCacheType.F16, info.blockCount() + 1));

        assertThat(estimate.weightsHostBytes()).isEqualTo(embeddings);
        assertThat(estimate.weightsGpuBytes()).isEqualTo(info.tensorDataBytes());
    }

    @Test
    void aGemma3CacheIsNeverEstimatedBelowWhatLlamaCppAllocatesWithItsSlidingWindow() throws Exception {
        RandomModelSpec spec = RandomModelSpec.gemma3Tiny().withContext(4096).withSlidingWindow(128, 2);
        GgufInfo info = written(spec);
        int context = 4096;

        MemoryEstimate estimate = MemoryEstimator.estimate(info,
                new EstimateRequest(context, 1, KvCacheType.F16, 0));

        long allocated = 0;
        for (int layer = 0; layer < info.blockCount(); layer++) {
            long cells = info.isSlidingWindowLayer(layer)
                    ? Math.min(context, roundUp(info.slidingWindow() + MICRO_BATCH, 256)) : context;
            allocated += cells * (info.keyLength() + info.valueLength()) * info.headCountKv() * 2L;
        }
        assertThat(estimate.kvCacheHostBytes()).isGreaterThanOrEqualTo(allocated);
        assertThat(allocated).as("layer 0 holds 768 cells, layer 1 all 4096").isEqualTo((768L + 4096) * 64 * 2);
    }

    private static long roundUp(long value, long multiple) {
        return (value + multiple - 1) / multiple * multiple;
    }

    private GgufInfo written(RandomModelSpec spec) throws Exception {
        Path file = dir.resolve(spec.architecture().ggufName() + ".gguf");
        RandomModelGguf.write(file, spec);
        return GgufReader.read(file);
    }
}
