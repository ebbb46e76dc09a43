package dev.gatehouse.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.inference.placement.Device;
import dev.gatehouse.inference.worker.WorkerOptions;
import dev.gatehouse.manifest.ManifestReader;
import dev.gatehouse.manifest.ModelSpec;
import dev.gatehouse.manifest.gguf.RandomLlamaGguf;
import dev.gatehouse.manifest.gguf.RandomLlamaSpec;
import dev.gatehouse.natives.ChatEngines;
import dev.gatehouse.natives.backends.BackendCache;
import dev.gatehouse.natives.backends.BackendKind;
import dev.gatehouse.manifest.gguf.RandomBertGguf;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The loader sends a GGUF whose only task is embeddings to llama.cpp inside this JVM, and reports it as such. */
class LlamaCppEmbeddingModelTest {

    @TempDir
    static Path models;
    static ChatEngines.LlamaCppLibraries cpu;

    @BeforeAll
    static void writeModels() throws Exception {
        RandomBertGguf.writeTiny(models.resolve("bert.gguf"));
        RandomLlamaGguf.write(models.resolve("llama.gguf"), RandomLlamaSpec.tiny());
        BackendCache cache = BackendCache.forEnvironment(System.getenv());
        cpu = ChatEngines.LlamaCppLibraries.of(cache.find(BackendKind.CPU).orElseThrow(() -> new AssertionError(
                "llama.cpp CPU libraries not installed in " + cache.root() + "; the native build installs them")));
    }

    static NativeModelLoader loader(ChatEngines.LlamaCppLibraries libraries) {
        return new NativeModelLoader(models, WorkerOptions.sameJvm(models.resolve("workers")), 2, libraries);
    }

    static ModelSpec spec(String entry) {
        return ManifestReader.parse("models:\n  - " + entry + "\n", "test.yaml").find("e").orElseThrow();
    }

    @Test
    void aGgufEmbeddingModelRunsInThisJvmOnLlamaCppWithinItsTrainedContext() {
        LoadedModel loaded = loader(cpu).load(spec("{id: e, file: bert.gguf, tasks: [embeddings]}"), 1, 4096);
        try {
            assertThat(loaded).isInstanceOf(EmbeddingModel.class);
            assertThat(loaded.pid()).isEqualTo(-1);
            assertThat(loaded.runtime()).isEqualTo(new ModelRuntime("llama.cpp", "cpu",
                    dev.gatehouse.natives.llamacpp.LlamaCppLibrary.PINNED_VERSION, 0, false));
            assertThat(loaded.contextLength()).isEqualTo(128); // the file's trained context, not the 4096 asked
            EmbeddingModel model = (EmbeddingModel) loaded;
            assertThat(model.dimensions()).isEqualTo(64);
            EmbeddingResult result = model.embed(List.of("hello world", "a cat"));
            assertThat(result.vectors()).hasSize(2).allSatisfy(v -> {
                assertThat(v).hasSize(64);
                double norm = 0;
                for (float x : v) norm += x * x;
                assertThat(Math.sqrt(norm)).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));
            });
            assertThat(result.promptTokens()).isEqualTo(4 + 4); // [CLS] hello world [SEP], [CLS] a cat [SEP]
            assertThat(loaded.alive()).isTrue();
        } finally {
            loaded.close();
        }
        assertThat(loaded.alive()).isFalse();
    }

    @Test
    void anInputLongerThanTheModelTakesIsAContextOverflowNamingTheInput() {
        try (LoadedModel loaded = loader(cpu).load(spec("{id: e, file: bert.gguf, tasks: [embeddings]}"), 1, 64)) {
            assertThatThrownBy(() -> ((EmbeddingModel) loaded).embed(List.of("hi", "hello ".repeat(80))))
                    .isInstanceOfSatisfying(InferenceException.class,
                            e -> assertThat(e.kind()).isEqualTo(InferenceException.Kind.CONTEXT_OVERFLOW))
                    .hasMessage("e: input[1] has 82 tokens; this model embeds at most 64 tokens per input");
        }
    }

    @Test
    void aGgufWithoutPoolingIsNotReadyAndSaysWhy() {
        assertThatThrownBy(() -> loader(cpu).load(spec("{id: e, file: llama.gguf, tasks: [embeddings]}"), 1, 256))
                .isInstanceOfSatisfying(InferenceException.class,
                        e -> assertThat(e.kind()).isEqualTo(InferenceException.Kind.MODEL_NOT_READY))
                .hasMessageContaining("loading e failed (INVALID_ARGUMENT)")
                .hasMessageContaining("declares no pooling");
    }

    @Test
    void withoutLlamaCppLibrariesAGgufEmbeddingModelIsNotReadyAndNamesTheInstallCommand() {
        assertThatThrownBy(() -> loader(null).load(spec("{id: e, file: bert.gguf, tasks: [embeddings]}"), 1, 256))
                .isInstanceOfSatisfying(InferenceException.class,
                        e -> assertThat(e.kind()).isEqualTo(InferenceException.Kind.MODEL_NOT_READY))
                .hasMessageContaining("./gatehouse backends install cpu");
    }

    record SplitCase(String name, Device device, List<Float> split) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<SplitCase> splits() {
        return List.of(
                new SplitCase("a cpu placement offloads nowhere", Device.CPU, List.of()),
                new SplitCase("one gpu takes every offloaded layer", Device.gpu(1), List.of(0f, 1f)),
                new SplitCase("a partial placement keeps its one gpu", Device.partial(0), List.of(1f)),
                new SplitCase("a split shares equally between the planned gpus only", Device.split(List.of(0, 2)),
                        List.of(1f, 0f, 1f)));
    }

    @ParameterizedTest
    @MethodSource("splits")
    void theTensorSplitPinsLayersToThePlannedGpus(SplitCase c) {
        assertThat(NativeModelLoader.tensorSplit(c.device())).isEqualTo(c.split());
    }
}
