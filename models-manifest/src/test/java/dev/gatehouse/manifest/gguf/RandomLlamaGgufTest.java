package dev.gatehouse.manifest.gguf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RandomLlamaGgufTest {
    @TempDir
    Path dir;

    @Test
    void theTinyModelHasTheFullLlamaTensorSetInGgufDimensionOrder() throws Exception {
        Path file = dir.resolve("tiny.gguf");
        RandomLlamaSpec spec = RandomLlamaSpec.tiny();
        RandomLlamaGguf.write(file, spec);

        GgufInfo info = GgufReader.read(file);

        List<String> expected = new ArrayList<>(List.of("token_embd.weight", "output_norm.weight", "output.weight"));
        for (int layer = 0; layer < spec.layers(); layer++) {
            for (String part : List.of("attn_norm", "attn_q", "attn_k", "attn_v", "attn_output", "ffn_norm",
                    "ffn_gate", "ffn_up", "ffn_down")) {
                expected.add("blk." + layer + "." + part + ".weight");
            }
        }
        assertThat(info.tensors()).extracting(TensorInfo::name).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(info.tensor("token_embd.weight").orElseThrow().dims()).containsExactly(64L, 512L);
        assertThat(info.tensor("blk.0.attn_k.weight").orElseThrow().dims()).containsExactly(64L, 32L);
        assertThat(info.tensor("blk.1.ffn_down.weight").orElseThrow().dims()).containsExactly(128L, 64L);
        assertThat(info.parameterCount()).isEqualTo(spec.parameterCount());
        assertThat(Files.size(file)).isBetween(200_000L, 900_000L);
    }

    @Test
    void theTinyModelDeclaresTheLlamaHyperParametersTokenizerAndChatTemplate() throws Exception {
        Path file = dir.resolve("tiny.gguf");
        RandomLlamaGguf.write(file, RandomLlamaSpec.tiny());

        GgufInfo info = GgufReader.read(file);

        assertThat(info.architecture()).isEqualTo("llama");
        assertThat(info.blockCount()).isEqualTo(2);
        assertThat(info.embeddingLength()).isEqualTo(64);
        assertThat(info.headCount()).isEqualTo(4);
        assertThat(info.headCountKv()).isEqualTo(2);
        assertThat(info.feedForwardLength()).isEqualTo(128);
        assertThat(info.contextLength()).isEqualTo(512);
        assertThat(info.vocabSize()).isEqualTo(512);
        assertThat(info.integer("llama.rope.dimension_count")).hasValue(16);
        assertThat(info.metadata()).containsKey("llama.attention.layer_norm_rms_epsilon")
                .containsEntry("tokenizer.ggml.model", "llama");
        assertThat(info.chatTemplate()).hasValue(RandomLlamaSpec.CHATML_TEMPLATE);
        assertThat(info.arrays().get("tokenizer.ggml.tokens").length()).isEqualTo(512);
        assertThat(info.arrays().get("tokenizer.ggml.scores").length()).isEqualTo(512);
        assertThat(info.arrays().get("tokenizer.ggml.token_type").length()).isEqualTo(512);
    }

    @Test
    void theVocabularyHasControlTokensAllByteFallbacksAndUniquePieces() {
        LlamaVocab vocab = LlamaVocab.of(600);

        assertThat(vocab.tokens()).hasSize(600).doesNotHaveDuplicates();
        assertThat(vocab.tokens().subList(0, 3)).containsExactly("<unk>", "<s>", "</s>");
        assertThat(vocab.tokens().get(3)).isEqualTo("<0x00>");
        assertThat(vocab.tokens().get(258)).isEqualTo("<0xFF>");
        assertThat(vocab.types()[3]).isEqualTo(6);
        assertThat(vocab.tokens()).contains("\u2581the", "<|im_start|>", "<|im_end|>");
    }

    @Test
    void anF16ModelKeepsNormVectorsInF32AndIsAboutHalfTheSize() throws Exception {
        Path f32 = dir.resolve("f32.gguf");
        Path f16 = dir.resolve("f16.gguf");
        RandomLlamaGguf.write(f32, RandomLlamaSpec.tiny());
        RandomLlamaGguf.write(f16, RandomLlamaSpec.tiny().withTensorType(GgmlType.F16));

        GgufInfo info = GgufReader.read(f16);

        assertThat(info.quantization()).isEqualTo("F16");
        assertThat(info.tensor("blk.0.attn_q.weight").orElseThrow().type()).isEqualTo(GgmlType.F16);
        assertThat(info.tensor("blk.0.attn_norm.weight").orElseThrow().type()).isEqualTo(GgmlType.F32);
        assertThat((double) Files.size(f16) / Files.size(f32)).isBetween(0.45, 0.6);
    }

    @Test
    void theSameSpecWritesTheSameBytes() throws Exception {
        Path a = dir.resolve("a.gguf");
        Path b = dir.resolve("b.gguf");
        RandomLlamaGguf.write(a, RandomLlamaSpec.tiny());
        RandomLlamaGguf.write(b, RandomLlamaSpec.tiny());
        assertThat(Files.mismatch(a, b)).isEqualTo(-1L);
    }

    @Test
    void aRequestedSizeIsMetWithinTenPercent() throws Exception {
        Path file = dir.resolve("sized.gguf");
        long target = 40_000_000;
        RandomLlamaGguf.write(file, RandomLlamaSpec.ofApproxBytes(target));

        assertThat(Files.size(file)).isBetween(target * 9 / 10, target * 11 / 10);
        assertThat(GgufReader.read(file).tensorDataBytes()).isGreaterThan(target * 9 / 10);
    }

    @Test
    void inconsistentShapesAreRejectedWithTheRule() {
        assertThatThrownBy(() -> new RandomLlamaSpec(1, 64, 4, 3, 64, 512, 512, null, 1, GgmlType.F32))
                .hasMessageContaining("kvHeads must divide heads");
        assertThatThrownBy(() -> new RandomLlamaSpec(1, 64, 4, 4, 64, 100, 512, null, 1, GgmlType.F32))
                .hasMessageContaining("vocab must be >= " + RandomLlamaSpec.MIN_VOCAB);
        assertThatThrownBy(() -> RandomLlamaSpec.tiny().withTensorType(GgmlType.Q8_0))
                .hasMessageContaining("F32 or F16");
    }
}
