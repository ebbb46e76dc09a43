package dev.gatehouse.manifest.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.gatehouse.manifest.gguf.GgmlType;
import dev.gatehouse.manifest.gguf.GgufInfo;
import dev.gatehouse.manifest.gguf.TensorInfo;
import dev.gatehouse.manifest.Engine;
import dev.gatehouse.manifest.FlashAttention;
import dev.gatehouse.manifest.KvCacheType;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class MemoryEstimatorTest {
    private static final long MIB = 1L << 20;
    /** Four blocks, grouped-query attention (head size 16, two KV heads). */
    private static final HandMadeModel SMALL = HandMadeModel.llama(4, 64, 4, 2, 128, 512);

    record WeightCase(String name, HandMadeModel model, int gpuLayers, long gpu, long host) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<WeightCase> weightPlacements() {
        HandMadeModel m = SMALL;
        HandMadeModel tied = SMALL.tied();
        return Stream.of(
                new WeightCase("cpu only keeps every weight on the host", m, 0,
                        0, m.embeddingBytes() + 4 * m.layerBytes() + m.outputBytes()),
                new WeightCase("two gpu layers move two blocks; embeddings and output stay", m, 2,
                        2 * m.layerBytes(), m.embeddingBytes() + 2 * m.layerBytes() + m.outputBytes()),
                new WeightCase("as many gpu layers as blocks still leaves the output layer on the host", m, 4,
                        4 * m.layerBytes(), m.embeddingBytes() + m.outputBytes()),
                new WeightCase("one more gpu layer than blocks offloads the output layer too", m, 5,
                        4 * m.layerBytes() + m.outputBytes(), m.embeddingBytes()),
                new WeightCase("a tied output matrix is copied to the gpu and kept on the host", tied, 99,
                        4 * tied.layerBytes() + tied.outputBytes() + tied.embeddingBytes(), tied.embeddingBytes()),
                new WeightCase("an f16 model takes half the matrix bytes", m.withType(GgmlType.F16), 0,
                        0, m.withType(GgmlType.F16).embeddingBytes() * 2 + 4 * m.withType(GgmlType.F16).layerBytes()
                        + 4L * 64));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("weightPlacements")
    void weightsAreSplitTheWayLlamaCppPlacesThem(WeightCase c) {
        MemoryEstimate e = MemoryEstimator.estimate(c.model().info(), request(512, 1, c.gpuLayers()));
        assertThat(e.weightsGpuBytes()).isEqualTo(c.gpu());
        assertThat(e.weightsHostBytes()).isEqualTo(c.host());
    }

    @Test
    void partialOffloadTakesTheLastBlocksNotTheFirst() {
        GgufInfo base = SMALL.info();
        List<TensorInfo> tensors = new ArrayList<>(base.tensors());
        tensors.add(new TensorInfo("blk.3.extra.weight", List.of(1000L), GgmlType.F32, 0, 4000));
        GgufInfo lastBlockHeavier = new GgufInfo(base.path(), 3, 0, 32, 0, base.metadata(), base.arrays(), tensors);

        MemoryEstimate e = MemoryEstimator.estimate(lastBlockHeavier, request(512, 1, 1));

        assertThat(e.weightsGpuBytes()).isEqualTo(SMALL.layerBytes() + 4000);
    }

    record KvCase(String name, HandMadeModel model, EstimateRequest request, long gpu, long host) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<KvCase> kvCaches() {
        // SMALL: K and V of 2 heads × 16 = 32 elements each per token per layer, 4 layers.
        long f16PerCell = 4 * 64 * 2;
        return Stream.of(
                new KvCase("f16 cache of a grouped-query model", SMALL, request(512, 1, 0), 0, 512 * f16PerCell),
                new KvCase("slots multiply the cells", SMALL, request(512, 4, 0), 0, 2048 * f16PerCell),
                new KvCase("the context is padded to a multiple of 256", SMALL, request(300, 1, 0), 0,
                        512 * f16PerCell),
                new KvCase("each slot's share of the padded context is padded to 256 again", SMALL,
                        request(300, 5, 0), 0, 5 * 512 * f16PerCell), // 1500 -> 1536 -> 307 per slot -> 512
                new KvCase("java-llama.cpp shares one cache padded to 32 between the slots", SMALL,
                        request(300, 5, 0).withEngine(Engine.JAVA_LLAMA_CPP, FlashAttention.AUTO), 0,
                        1504 * f16PerCell),
                new KvCase("a sliding window does not shrink the cache: the engine keeps swa_full",
                        SMALL.with("llama.attention.sliding_window", 128), request(1024, 2, 0), 0,
                        2048 * f16PerCell),
                new KvCase("an f32 cache takes twice the bytes", SMALL,
                        new EstimateRequest(512, 1, KvCacheType.F32, 0), 0, 2 * 512 * f16PerCell),
                new KvCase("a q8_0 cache takes 34 bytes per 32 elements", SMALL,
                        new EstimateRequest(512, 1, KvCacheType.Q8_0, 0), 0, 512L * 4 * 64 * 34 / 32),
                new KvCase("a q4_0 cache takes 18 bytes per 32 elements", SMALL,
                        new EstimateRequest(512, 1, KvCacheType.Q4_0, 0), 0, 512L * 4 * 64 * 18 / 32),
                new KvCase("offloaded layers hold their share of the cache", SMALL, request(512, 1, 1),
                        512 * f16PerCell / 4, 3 * 512 * f16PerCell / 4),
                new KvCase("declared key and value lengths override the head size",
                        SMALL.with("llama.attention.key_length", 32).with("llama.attention.value_length", 16),
                        request(512, 1, 0), 0, 4L * 512 * (32 + 16) * 2 * 2),
                new KvCase("without head_count_kv every head has its own keys",
                        HandMadeModel.llama(4, 64, 4, 4, 128, 512), request(512, 1, 0), 0, 2 * 512 * f16PerCell));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kvCaches")
    void kvCacheIsLayersTimesCellsTimesKeyAndValueWidth(KvCase c) {
        MemoryEstimate e = MemoryEstimator.estimate(c.model().info(), c.request());
        assertThat(e.kvCacheGpuBytes()).isEqualTo(c.gpu());
        assertThat(e.kvCacheHostBytes()).isEqualTo(c.host());
    }

    /** Figures llama.cpp b4916 (java-llama.cpp) logged ("CPU compute buffer size") for these shapes here. */
    record ComputeCase(String name, HandMadeModel model, int context, int slots, double loggedMiB) {
        @Override
        public String toString() {
            return name + " at " + context + " x " + slots;
        }
    }

    static Stream<ComputeCase> loggedComputeBuffers() {
        HandMadeModel stories = HandMadeModel.llama(5, 64, 8, 4, 172, 512);
        HandMadeModel tinyRandom = HandMadeModel.llama(1, 8, 2, 2, 32, 32000);
        HandMadeModel random50 = HandMadeModel.llama(4, 448, 14, 14, 1792, 1024);
        HandMadeModel random200 = HandMadeModel.llama(4, 896, 28, 28, 3584, 1024);
        return Stream.of(
                new ComputeCase("stories260K (attention dominates)", stories, 512, 1, 9.51),
                new ComputeCase("stories260K", stories, 2048, 1, 36.51),
                new ComputeCase("stories260K", stories, 1024, 4, 72.51),
                new ComputeCase("stories260K", stories, 128, 1, 0.69),
                new ComputeCase("llama-2-tiny-random (logits dominate)", tinyRandom, 512, 1, 62.53),
                new ComputeCase("llama-2-tiny-random", tinyRandom, 128, 1, 15.63),
                new ComputeCase("random 50 MiB", random50, 512, 1, 18.51),
                new ComputeCase("random 50 MiB", random50, 2048, 1, 63.51),
                new ComputeCase("random 50 MiB", random50, 1024, 4, 123.51),
                new ComputeCase("random 50 MiB (feed-forward dominates)", random50, 128, 1, 2.47),
                new ComputeCase("random 200 MiB", random200, 512, 1, 36.01),
                new ComputeCase("random 200 MiB", random200, 2048, 1, 123.01),
                new ComputeCase("random 200 MiB", random200, 1024, 4, 239.01),
                new ComputeCase("random 200 MiB", random200, 128, 1, 4.88));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("loggedComputeBuffers")
    void javaLlamaCppGraphMatchesTheBufferB4916Reserves(ComputeCase c) {
        ModelShape shape = ModelShape.of(c.model().info());
        var buffers = new JavaLlamaCppBuffers(legacy(request(c.context(), c.slots(), 0)));
        double predictedMiB = buffers.reservedGraphBytes(shape) / (double) MIB;
        assertThat(predictedMiB).isCloseTo(c.loggedMiB(), within(Math.max(0.25, c.loggedMiB() * 0.02)));
    }

    /**
     * Figures the FFM engine's llama.cpp (2026-09-28) logged ("CPU compute buffer size") for these shapes here; the
     * same shapes are loaded for real in the native module's EstimatorMatchesLlamaCppTest.
     */
    record EngineComputeCase(String name, HandMadeModel model, int context, int slots, KvCacheType kvType,
                             FlashAttention flashAttention, double loggedMiB) {
        @Override
        public String toString() {
            return name + " at " + context + " x " + slots + ", " + kvType.wireName() + " cache, flash attention "
                    + flashAttention.wireName();
        }
    }

    static Stream<EngineComputeCase> engineComputeBuffers() {
        HandMadeModel stories = HandMadeModel.llama(5, 64, 8, 4, 172, 512);
        HandMadeModel wideVocab = HandMadeModel.llama(2, 256, 4, 2, 768, 4096);
        HandMadeModel wideFeedForward = HandMadeModel.llama(2, 128, 2, 2, 4096, 1024);
        HandMadeModel qwen3Like = HandMadeModel.llama(3, 256, 16, 4, 768, 2048)
                .with("llama.attention.key_length", 128).with("llama.attention.value_length", 128);
        HandMadeModel gemma3Like = HandMadeModel.llama(4, 128, 4, 4, 512, 2048)
                .with("llama.attention.key_length", 32).with("llama.attention.value_length", 32)
                .with("llama.attention.sliding_window", 1000);
        FlashAttention on = FlashAttention.ON; // measured when llama.cpp's auto turned it on for the CPU
        FlashAttention off = FlashAttention.OFF;
        KvCacheType f16 = KvCacheType.F16;
        return Stream.of(
                new EngineComputeCase("stories260K (the mask grows with the context)", stories, 8192, 1, f16, on,
                        9.52),
                new EngineComputeCase("stories260K (slots do not multiply the graph)", stories, 1024, 2, f16, on,
                        2.52),
                new EngineComputeCase("stories260K", stories, 512, 4, f16, on, 2.02),
                new EngineComputeCase("stories260K (scores materialised)", stories, 1024, 1, f16, off, 18.76),
                new EngineComputeCase("4096-token vocabulary", wideVocab, 4096, 1, f16, on, 10.51),
                new EngineComputeCase("4096-token vocabulary (logits dominate)", wideVocab, 2048, 8, f16, on, 9.0),
                new EngineComputeCase("n_ff 4096 (feed-forward dominates)", wideFeedForward, 1000, 3, f16, on,
                        26.06),
                new EngineComputeCase("n_ff 4096", wideFeedForward, 8192, 1, f16, off, 49.76),
                new EngineComputeCase("qwen3-like, query wider than n_embd", qwen3Like, 2048, 8, f16, on, 11.51),
                new EngineComputeCase("qwen3-like", qwen3Like, 1024, 2, KvCacheType.Q8_0, on, 10.59),
                new EngineComputeCase("qwen3-like", qwen3Like, 4096, 3, f16, off, 147.8),
                new EngineComputeCase("gemma3-like, a second mask for the window", gemma3Like, 8192, 1, f16, on,
                        20.02),
                new EngineComputeCase("gemma3-like", gemma3Like, 4096, 3, f16, off, 50.36));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("engineComputeBuffers")
    void llamaCppGraphMatchesTheBufferTheEngineReserves(EngineComputeCase c) {
        ModelShape shape = ModelShape.of(c.model().info());
        var request = new EstimateRequest(c.context(), c.slots(), c.kvType(), 0, Engine.LLAMA_CPP, c.flashAttention());
        double predictedMiB = new LlamaCppBuffers(request).reservedGraphBytes(shape) / (double) MIB;
        assertThat(predictedMiB).isCloseTo(c.loggedMiB(), within(Math.max(0.1, c.loggedMiB() * 0.02)));
    }

    @Test
    void theEngineEstimateIsFarBelowTheOldOneWithFlashAttention() {
        HandMadeModel stories = HandMadeModel.llama(5, 64, 8, 4, 172, 512);
        MemoryEstimate current = MemoryEstimator.estimate(stories.info(),
                request(1024, 2, 0).withEngine(Engine.LLAMA_CPP, FlashAttention.ON));
        MemoryEstimate old = MemoryEstimator.estimate(stories.info(), legacy(request(1024, 2, 0)));
        assertThat(current.computeHostBytes()).isLessThan(old.computeHostBytes() / 5);
    }

    @Test
    void quantizedCachesForceFlashAttentionAndAutoTurnsItOnOnlyForLayersOnAGpu() {
        assertThat(new EstimateRequest(512, 1, KvCacheType.Q8_0, 0, Engine.LLAMA_CPP, FlashAttention.OFF)
                .flashAttentionOn()).isTrue();
        assertThat(request(512, 1, 0).flashAttentionOn()).isFalse();
        assertThat(request(512, 1, 8).flashAttentionOn()).isTrue();
        assertThat(request(512, 1, 0).withEngine(Engine.AUTO, FlashAttention.OFF).flashAttentionOn()).isFalse();
    }

    @Test
    void hostComputeWithFlashAttentionIsTheTouchedGraphPlusTheLogitsBufferPerSlot() {
        ModelShape shape = ModelShape.of(SMALL.info());
        EstimateRequest request = request(512, 2, 0).withEngine(Engine.LLAMA_CPP, FlashAttention.ON);
        MemoryEstimate e = MemoryEstimator.estimate(SMALL.info(), request);
        long graph = new LlamaCppBuffers(request).graphBytes(shape, 2);
        assertThat(e.computeHostBytes()).isEqualTo(graph + 4L * 512 * 2);
        assertThat(e.computeGpuBytes()).isZero();
    }

    @Test
    void withoutFlashAttentionTheHostAlsoConvertsTheScoresOfEachStream() {
        ModelShape shape = ModelShape.of(SMALL.info());
        EstimateRequest request = request(512, 2, 0).withEngine(Engine.LLAMA_CPP, FlashAttention.OFF);
        MemoryEstimate e = MemoryEstimator.estimate(SMALL.info(), request);
        long graph = new LlamaCppBuffers(request).graphBytes(shape, 2);
        long work = 512L * 512 * 4 * 2; // 512 cells per stream, 512 tokens, 4 heads, converted to f16
        assertThat(e.computeHostBytes()).isEqualTo(graph + work + 4L * 512 * 2);
    }

    @Test
    void javaLlamaCppHostComputeKeepsTheB4916WorkBufferOverTheSharedCache() {
        ModelShape shape = ModelShape.of(SMALL.info());
        EstimateRequest request = legacy(request(512, 2, 0));
        MemoryEstimate e = MemoryEstimator.estimate(SMALL.info(), request);
        long graph = new JavaLlamaCppBuffers(request).graphBytes(shape, 2);
        long work = 1024L * 512 * 4 * 2; // scores of 4 heads over 1024 shared cells, converted to f16
        assertThat(e.computeHostBytes()).isEqualTo(graph + work + 4L * 512 * 2);
    }

    @Test
    void hostLogitsAreForOneTokenPerSlotNotTheWholeMicroBatch() {
        HandMadeModel bigVocab = HandMadeModel.llama(1, 8, 2, 2, 32, 32000);
        MemoryEstimate e = MemoryEstimator.estimate(bigVocab.info(), request(512, 1, 0));
        assertThat(e.computeHostBytes()).isLessThan(8 * MIB);
        assertThat(new LlamaCppBuffers(request(512, 1, 0)).reservedGraphBytes(ModelShape.of(bigVocab.info())))
                .isGreaterThan(60 * MIB);
    }

    @Test
    void anF32CacheNeedsNoConversionBuffer() {
        assertThat(JavaLlamaCppBuffers.scoreConversionBytes(1000, KvCacheType.F32)).isZero();
        assertThat(JavaLlamaCppBuffers.scoreConversionBytes(1000, KvCacheType.F16)).isEqualTo(2000);
    }

    @Test
    void offloadingPutsTheReservedGraphOnTheGpuAndLeavesTheHostItsInputs() {
        MemoryEstimate e = MemoryEstimator.estimate(SMALL.info(), request(512, 1, 5));
        assertThat(e.computeGpuBytes())
                .isEqualTo(new LlamaCppBuffers(request(512, 1, 5)).reservedGraphBytes(ModelShape.of(SMALL.info())));
        assertThat(e.computeHostBytes()).isLessThan(e.computeGpuBytes());
        assertThat(e.gpuBytes()).isEqualTo(e.weightsGpuBytes() + e.kvCacheGpuBytes() + e.computeGpuBytes());
    }

    @Test
    void overheadIsAFixedWorkerCostPlusTheVocabulary() {
        MemoryEstimate small = MemoryEstimator.estimate(SMALL.info(), request(512, 1, 0));
        MemoryEstimate bigVocab = MemoryEstimator.estimate(HandMadeModel.llama(4, 64, 4, 2, 128, 32000).info(),
                request(512, 1, 0));
        assertThat(small.overheadHostBytes()).isGreaterThanOrEqualTo(MemoryEstimator.FIXED_OVERHEAD_BYTES);
        assertThat(bigVocab.overheadHostBytes()).isGreaterThan(small.overheadHostBytes());
    }

    @Test
    void largestContextThatFitsIsTheLastStepUnderTheBudget() {
        GgufInfo model = SMALL.info();
        long budget = MemoryEstimator.estimate(model, request(3000, 2, 0)).hostBytes();

        int context = MemoryEstimator.maxContextThatFits(model, 2, KvCacheType.F16, 0,
                MemoryBudget.hostOnly(budget), 256, 32768, 256).orElseThrow();

        assertThat(context).isEqualTo(3072); // 3000 x 2 takes 3072 cells per slot, as 3072 x 2 does
        assertThat(MemoryEstimator.estimate(model, request(context + 256, 2, 0)).hostBytes()).isGreaterThan(budget);
    }

    @Test
    void noContextFitsWhenTheSmallestDoesNot() {
        assertThat(MemoryEstimator.maxContextThatFits(SMALL.info(), 1, KvCacheType.F16, 0,
                MemoryBudget.hostOnly(MIB), 256, 4096, 256)).isEmpty();
    }

    @Test
    void contextIsCappedAtTheMaximumAsked() {
        assertThat(MemoryEstimator.maxContextThatFits(SMALL.info(), 1, KvCacheType.F16, 0,
                MemoryBudget.hostOnly(Long.MAX_VALUE), 256, 4096, 256)).hasValue(4096);
    }

    @Test
    void theGpuBudgetLimitsTheContextOfAnOffloadedModel() {
        GgufInfo model = SMALL.info();
        long gpu = MemoryEstimator.estimate(model, request(1024, 1, 5)).gpuBytes();

        assertThat(MemoryEstimator.maxContextThatFits(model, 1, KvCacheType.F16, 5,
                new MemoryBudget(gpu, Long.MAX_VALUE), 256, 8192, 256)).hasValue(1024);
        assertThat(MemoryEstimator.maxContextThatFits(model, 1, KvCacheType.F16, 5,
                MemoryBudget.hostOnly(Long.MAX_VALUE), 256, 8192, 256)).isEmpty();
    }

    @Test
    void slotsThatFitStopBeforeTheBudgetIsExceeded() {
        GgufInfo model = SMALL.info();
        long budget = MemoryEstimator.estimate(model, request(2048, 3, 0)).hostBytes();

        assertThat(MemoryEstimator.maxSlotsThatFit(model, 2048, KvCacheType.F16, 0,
                MemoryBudget.hostOnly(budget), 16)).isEqualTo(3);
        assertThat(MemoryEstimator.maxSlotsThatFit(model, 2048, KvCacheType.F16, 0,
                MemoryBudget.hostOnly(MIB), 16)).isZero();
    }

    @Test
    void nonsensicalSearchBoundsAreRejectedWithTheirValues() {
        assertThatThrownBy(() -> MemoryEstimator.maxContextThatFits(SMALL.info(), 1, KvCacheType.F16, 0,
                MemoryBudget.hostOnly(MIB), 4096, 1024, 256))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("4096, 1024");
    }

    private static EstimateRequest legacy(EstimateRequest request) {
        return request.withEngine(Engine.JAVA_LLAMA_CPP, FlashAttention.AUTO);
    }

    private static EstimateRequest request(int context, int slots, int gpuLayers) {
        return new EstimateRequest(context, slots, KvCacheType.F16, gpuLayers);
    }
}
