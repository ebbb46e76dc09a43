package dev.gatehouse.manifest.gguf;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class RandomModelGgufTest {
    /**
     * SHA-256 of {@code RandomLlamaSpec.tiny()} as written before the writer learnt other architectures: callers and
     * their measurements (docs/BENCHMARKS.md) rely on the llama files staying exactly as they were.
     */
    private static final String TINY_LLAMA_SHA256 = "674eef81c1fafa2b3fe9b56ab1353d4d97cecdc63faec1a223695d43d4722dac";

    @TempDir
    Path dir;

    @Test
    void theTinyLlamaFileKeepsTheBytesItHadBeforeOtherArchitectures() throws Exception {
        Path viaLlama = dir.resolve("llama.gguf");
        Path viaModel = dir.resolve("model.gguf");
        RandomLlamaGguf.write(viaLlama, RandomLlamaSpec.tiny());
        RandomModelGguf.write(viaModel, RandomModelSpec.tiny(ModelArchitecture.LLAMA));

        assertThat(sha256(viaLlama)).isEqualTo(TINY_LLAMA_SHA256);
        assertThat(Files.mismatch(viaLlama, viaModel)).isEqualTo(-1L);
    }

    @Test
    void aQwen3ModelHasPerHeadQueryAndKeyNormsAndItsOwnOutputMatrix() throws Exception {
        RandomModelSpec spec = RandomModelSpec.qwen3Tiny();
        GgufInfo info = written(spec);

        assertThat(info.tensors()).extracting(TensorInfo::name)
                .containsExactlyInAnyOrderElementsOf(expectedNames(spec.layers(), List.of("attn_q_norm",
                        "attn_k_norm"), true));
        // Four heads of 32 make a query 128 wide over an n_embd of 64, as Qwen3-0.6B's 16 × 128 over 1024.
        assertThat(dims(info, "blk.0.attn_q.weight")).containsExactly(64L, 128L);
        assertThat(dims(info, "blk.0.attn_k.weight")).containsExactly(64L, 64L);
        assertThat(dims(info, "blk.0.attn_v.weight")).containsExactly(64L, 64L);
        assertThat(dims(info, "blk.1.attn_output.weight")).containsExactly(128L, 64L);
        assertThat(dims(info, "blk.1.attn_q_norm.weight")).containsExactly(32L);
        assertThat(dims(info, "blk.1.attn_k_norm.weight")).containsExactly(32L);
        assertThat(dims(info, "output.weight")).containsExactly(64L, 512L);
        assertThat(info.architecture()).isEqualTo("qwen3");
        assertThat(info.keyLength()).isEqualTo(32);
        assertThat(info.valueLength()).isEqualTo(32);
        assertThat(info.integer("qwen3.rope.dimension_count")).hasValue(32);
        assertThat(info.headCount()).isEqualTo(4);
        assertThat(info.headCountKv()).isEqualTo(2);
        assertThat(info.metadata()).containsEntry("qwen3.rope.freq_base", 1_000_000f)
                .containsEntry("qwen3.attention.layer_norm_rms_epsilon", 1e-6f)
                .containsEntry("tokenizer.ggml.model", "llama")
                .doesNotContainKey("qwen3.attention.sliding_window");
        assertThat(info.slidingWindow()).isZero();
    }

    @Test
    void aGemma3ModelHasPostNormsATiedOutputAndASlidingWindowOnAllButEveryNthLayer() throws Exception {
        RandomModelSpec spec = RandomModelSpec.gemma3Tiny();
        GgufInfo info = written(spec);

        assertThat(info.tensors()).extracting(TensorInfo::name)
                .containsExactlyInAnyOrderElementsOf(expectedNames(spec.layers(), List.of("attn_q_norm",
                        "attn_k_norm", "post_attention_norm", "post_ffw_norm"), false));
        assertThat(info.tensor("output.weight")).isEmpty();
        assertThat(dims(info, "blk.0.attn_k.weight")).containsExactly(64L, 32L);
        assertThat(dims(info, "blk.0.post_attention_norm.weight")).containsExactly(64L);
        assertThat(dims(info, "blk.1.post_ffw_norm.weight")).containsExactly(64L);
        assertThat(dims(info, "blk.1.attn_k_norm.weight")).containsExactly(32L);
        assertThat(info.architecture()).isEqualTo("gemma3");
        assertThat(info.headCountKv()).isEqualTo(1);
        assertThat(info.keyLength()).isEqualTo(32);
        assertThat(info.slidingWindow()).isEqualTo(128);
        assertThat(info.integer("gemma3.attention.sliding_window_pattern")).hasValue(2);
        assertThat(info.metadata()).containsEntry("gemma3.rope.freq_base", 1_000_000f)
                .containsEntry("gemma3.rope.freq_base_swa", 10000f);
        assertThat(info.isSlidingWindowLayer(0)).isTrue();
        assertThat(info.isSlidingWindowLayer(1)).isFalse();
    }

    @Test
    void aGemma3ModelWithoutAWindowDeclaresNoneAndEveryLayerIsGlobal() throws Exception {
        GgufInfo info = written(RandomModelSpec.gemma3Tiny().withSlidingWindow(0, 0));

        assertThat(info.metadata()).doesNotContainKeys("gemma3.attention.sliding_window",
                "gemma3.attention.sliding_window_pattern", "gemma3.rope.freq_base_swa");
        assertThat(info.isSlidingWindowLayer(0)).isFalse();
        assertThat(info.isSlidingWindowLayer(1)).isFalse();
    }

    @ParameterizedTest
    @EnumSource(ModelArchitecture.class)
    void theHeaderReadsBackWhatTheSpecSaysAndTheFileHasThePredictedSize(ModelArchitecture architecture)
            throws Exception {
        RandomModelSpec spec = RandomModelSpec.tiny(architecture).withTensorType(GgmlType.F16);
        Path file = dir.resolve(architecture + ".gguf");
        RandomModelGguf.write(file, spec);

        GgufInfo info = GgufReader.read(file);

        assertThat(Files.size(file)).isEqualTo(RandomModelGguf.predictedFileBytes(spec));
        assertThat(info.fileSizeBytes()).isEqualTo(Files.size(file));
        assertThat(info.architecture()).isEqualTo(architecture.ggufName());
        assertThat(info.name()).hasValue("gatehouse-random-" + architecture.ggufName());
        assertThat(info.blockCount()).isEqualTo(spec.layers());
        assertThat(info.embeddingLength()).isEqualTo(spec.embedding());
        assertThat(info.feedForwardLength()).isEqualTo(spec.feedForward());
        assertThat(info.contextLength()).isEqualTo(spec.context());
        assertThat(info.vocabSize()).isEqualTo(spec.vocab());
        assertThat(info.keyLength()).isEqualTo(spec.headSize());
        assertThat(info.quantization()).isEqualTo("F16");
        assertThat(info.chatTemplate()).hasValue(RandomLlamaSpec.CHATML_TEMPLATE);
        assertThat(info.arrays().get("tokenizer.ggml.tokens").length()).isEqualTo(spec.vocab());
        assertThat(info.parameterCount()).isEqualTo(spec.parameterCount());
        assertThat(info.tensorDataBytes()).isEqualTo(spec.tensorBytes());
        assertThat(info.tensor("blk.0.attn_q.weight").orElseThrow().type()).isEqualTo(GgmlType.F16);
        assertThat(info.tensor("blk.0.attn_norm.weight").orElseThrow().type()).isEqualTo(GgmlType.F32);
    }

    @ParameterizedTest
    @EnumSource(ModelArchitecture.class)
    void theSameSpecWritesTheSameBytesAndAnotherSeedOtherWeightsOfTheSameSize(ModelArchitecture architecture)
            throws Exception {
        Path a = dir.resolve("a.gguf");
        Path b = dir.resolve("b.gguf");
        Path reseeded = dir.resolve("reseeded.gguf");
        RandomModelSpec spec = RandomModelSpec.tiny(architecture);
        RandomModelGguf.write(a, spec);
        RandomModelGguf.write(b, spec);
        RandomModelGguf.write(reseeded, spec.withSeed(spec.seed() + 1));

        assertThat(Files.mismatch(a, b)).isEqualTo(-1L);
        long firstDifference = Files.mismatch(a, reseeded);
        assertThat(firstDifference).isGreaterThanOrEqualTo(GgufReader.read(a).dataOffset());
        assertThat(Files.size(reseeded)).isEqualTo(Files.size(a));
    }

    @ParameterizedTest
    @EnumSource(ModelArchitecture.class)
    void aRequestedSizeOfTensOfMegabytesIsWrittenWithinFivePercent(ModelArchitecture architecture)
            throws Exception {
        long target = 30_000_000;
        RandomModelSpec spec = RandomModelSpec.ofApproxBytes(architecture, target, GgmlType.F32);
        Path file = dir.resolve("sized.gguf");
        RandomModelGguf.write(file, spec);

        assertThat(Files.size(file)).isEqualTo(RandomModelGguf.predictedFileBytes(spec))
                .isBetween(target * 95 / 100, target * 105 / 100);
        assertThat(GgufReader.read(file).architecture()).isEqualTo(architecture.ggufName());
    }

    private GgufInfo written(RandomModelSpec spec) throws Exception {
        Path file = dir.resolve(spec.architecture().ggufName() + "-" + spec.seed() + ".gguf");
        RandomModelGguf.write(file, spec);
        return GgufReader.read(file);
    }

    /** The llama tensor set plus {@code extraPerLayer} in every block, with or without {@code output.weight}. */
    private static List<String> expectedNames(int layers, List<String> extraPerLayer, boolean ownOutput) {
        List<String> names = new ArrayList<>(List.of("token_embd.weight", "output_norm.weight"));
        if (ownOutput) {
            names.add("output.weight");
        }
        List<String> parts = new ArrayList<>(List.of("attn_norm", "attn_q", "attn_k", "attn_v", "attn_output",
                "ffn_norm", "ffn_gate", "ffn_up", "ffn_down"));
        parts.addAll(extraPerLayer);
        for (int layer = 0; layer < layers; layer++) {
            for (String part : parts) {
                names.add("blk." + layer + "." + part + ".weight");
            }
        }
        return names;
    }

    private static List<Long> dims(GgufInfo info, String tensor) {
        return info.tensor(tensor).orElseThrow(() -> new AssertionError("no tensor " + tensor)).dims();
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
