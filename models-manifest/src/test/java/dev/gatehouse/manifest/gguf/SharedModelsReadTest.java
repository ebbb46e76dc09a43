package dev.gatehouse.manifest.gguf;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SharedModelsReadTest {

    @Test
    void stories260kIsAFiveLayerF32LlamaWithA2048TokenContextAndNoTemplate() throws Exception {
        GgufInfo info = GgufReader.read(SharedModels.require("stories260K.gguf"));

        assertThat(info.architecture()).isEqualTo("llama");
        assertThat(info.blockCount()).isEqualTo(5);
        assertThat(info.embeddingLength()).isEqualTo(64);
        assertThat(info.contextLength()).isEqualTo(2048);
        assertThat(info.headCount()).isEqualTo(8);
        assertThat(info.headCountKv()).isEqualTo(4);
        assertThat(info.vocabSize()).isEqualTo(512);
        assertThat(info.quantization()).isEqualTo("F32");
        assertThat(info.chatTemplate()).isEmpty();
        assertThat(info.parameterCount()).isBetween(250_000L, 300_000L);
        assertThat(info.dataOffset() + info.tensorDataBytes()).isLessThanOrEqualTo(info.fileSizeBytes());
    }

    @Test
    void llama2TinyRandomIsAOneLayerF16LlamaWithA32kVocab() throws Exception {
        GgufInfo info = GgufReader.read(SharedModels.require("llama-2-tiny-random.gguf"));

        assertThat(info.architecture()).isEqualTo("llama");
        assertThat(info.blockCount()).isEqualTo(1);
        assertThat(info.embeddingLength()).isEqualTo(8);
        assertThat(info.vocabSize()).isEqualTo(32000);
        assertThat(info.arrays().get("tokenizer.ggml.tokens").complete()).isFalse();
        assertThat(info.quantization()).isEqualTo("F16");
        assertThat(info.contextLength()).isEqualTo(4096);
        assertThat(info.tensor("token_embd.weight").orElseThrow().dims()).containsExactly(8L, 32000L);
    }
}
