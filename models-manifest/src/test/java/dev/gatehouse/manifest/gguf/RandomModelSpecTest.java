package dev.gatehouse.manifest.gguf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class RandomModelSpecTest {

    record SizeCase(ModelArchitecture architecture, long bytes, GgmlType type) {
    }

    static Stream<SizeCase> sizesFromMegabytesToGigabytes() {
        return Stream.of(ModelArchitecture.values()).flatMap(a -> Stream.of(
                new SizeCase(a, 8_000_000L, GgmlType.F32),
                new SizeCase(a, 1L << 30, GgmlType.F16),
                new SizeCase(a, 4L << 30, GgmlType.F32),
                new SizeCase(a, 8L << 30, GgmlType.F16)));
    }

    /** Predicted, not written: eight gigabytes per case would make the suite slow, not more convincing. */
    @ParameterizedTest
    @MethodSource("sizesFromMegabytesToGigabytes")
    void aRequestedSizeFromMegabytesToGigabytesIsMetWithinThreePercent(SizeCase size) {
        RandomModelSpec spec = RandomModelSpec.ofApproxBytes(size.architecture(), size.bytes(), size.type());

        assertThat(RandomModelGguf.predictedFileBytes(spec))
                .isBetween(size.bytes() * 97 / 100, size.bytes() * 103 / 100);
        assertThat(spec.tensorType()).isEqualTo(size.type());
        assertThat(spec.architecture()).isEqualTo(size.architecture());
    }

    @Test
    void biggerRequestsGetMoreLayersUpToFortyEight() {
        assertThat(RandomModelSpec.ofApproxBytes(ModelArchitecture.QWEN3, 10_000_000, GgmlType.F32).layers())
                .isEqualTo(4);
        assertThat(RandomModelSpec.ofApproxBytes(ModelArchitecture.QWEN3, 2L << 30, GgmlType.F16).layers())
                .isEqualTo(16);
        assertThat(RandomModelSpec.ofApproxBytes(ModelArchitecture.QWEN3, 40L << 30, GgmlType.F16).layers())
                .isEqualTo(48);
    }

    @ParameterizedTest
    @EnumSource(ModelArchitecture.class)
    void aRequestBelowTheSmallestShapeGetsTheSmallestShape(ModelArchitecture architecture) {
        RandomModelSpec spec = RandomModelSpec.ofApproxBytes(architecture, 1000, GgmlType.F32);

        assertThat(spec.embedding()).isEqualTo(64);
        assertThat(spec.layers()).isEqualTo(4);
    }

    @Test
    void onlyGemma3SizedModelsGetASlidingWindow() {
        assertThat(RandomModelSpec.ofApproxBytes(ModelArchitecture.GEMMA3, 1L << 30, GgmlType.F16).slidingWindow())
                .isEqualTo(1024);
        assertThat(RandomModelSpec.ofApproxBytes(ModelArchitecture.QWEN3, 1L << 30, GgmlType.F16).slidingWindow())
                .isZero();
    }

    @Test
    void theLastLayerOfEachPatternAttendsGloballyAsInLlamaCpp() {
        RandomModelSpec spec = RandomModelSpec.gemma3Tiny().withSlidingWindow(128, 6);

        assertThat(spec.isSlidingWindowLayer(0)).isTrue();
        assertThat(spec.isSlidingWindowLayer(4)).isTrue();
        assertThat(spec.isSlidingWindowLayer(5)).isFalse();
        assertThat(spec.isSlidingWindowLayer(6)).isTrue();
        assertThat(RandomModelSpec.qwen3Tiny().isSlidingWindowLayer(0)).isFalse();
    }

    @Test
    void inconsistentShapesAreRejectedNamingTheRule() {
        RandomModelSpec qwen = RandomModelSpec.qwen3Tiny();
        assertThatThrownBy(() -> qwen.withSlidingWindow(128, 6))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("slidingWindow must be 0 for qwen3");
        assertThatThrownBy(() -> RandomModelSpec.gemma3Tiny().withSlidingWindow(128, 0))
                .hasMessageContaining("slidingWindowPattern must be >= 1 with a sliding window");
        assertThatThrownBy(() -> RandomModelSpec.gemma3Tiny().withSlidingWindow(4096, 6))
                .hasMessageContaining("slidingWindow must be in [0, context 512], was 4096");
        assertThatThrownBy(() -> new RandomModelSpec(ModelArchitecture.QWEN3, 2, 64, 4, 2, 31, 128, 512, 512, 0, 0,
                null, 1, GgmlType.F32)).hasMessageContaining("headSize must be even");
        assertThatThrownBy(() -> new RandomModelSpec(ModelArchitecture.QWEN3, 2, 64, 4, 3, 32, 128, 512, 512, 0, 0,
                null, 1, GgmlType.F32)).hasMessageContaining("kvHeads must divide heads");
        assertThatThrownBy(() -> new RandomModelSpec(null, 2, 64, 4, 2, 32, 128, 512, 512, 0, 0, null, 1,
                GgmlType.F32)).hasMessageContaining("architecture must be given");
        assertThatThrownBy(() -> qwen.withTensorType(GgmlType.Q4_K)).hasMessageContaining("F32, F16, Q8_0 or Q4_0, was Q4_K");
        assertThatThrownBy(() -> RandomModelSpec.ofApproxBytes(ModelArchitecture.LLAMA, 0, GgmlType.F32))
                .hasMessageContaining("bytes must be > 0");
    }

    @Test
    void architecturesAreFoundByTheirGgufName() {
        assertThat(ModelArchitecture.byGgufName("gemma3")).hasValue(ModelArchitecture.GEMMA3);
        assertThat(ModelArchitecture.byGgufName("qwen3")).hasValue(ModelArchitecture.QWEN3);
        assertThat(ModelArchitecture.byGgufName("qwen2")).isEmpty();
    }
}
