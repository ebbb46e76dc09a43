package dev.gatehouse.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestReaderTest {

    @Test
    void aFullEntryBecomesASpecWithEveryField() {
        Manifest manifest = ManifestReader.parse("""
                models:
                  - id: qwen-small
                    aliases: [small, "q:1.5b"]
                    file: qwen2.5-1.5b-q4_k_m.gguf
                    url: https://example.org/qwen.gguf
                    sha256: ABCDEF0123456789abcdef0123456789ABCDEF0123456789abcdef0123456789
                    tasks: [Chat, EMBEDDINGS]
                    tier: Medium
                    default: true
                    slots: 3
                    context: 4096
                    chatTemplate: "{{ messages }}"
                """, "test.yaml");

        ModelSpec spec = manifest.find("small").orElseThrow();
        assertThat(spec.id()).isEqualTo("qwen-small");
        assertThat(spec.aliases()).containsExactly("small", "q:1.5b");
        assertThat(spec.format()).isEqualTo(ModelFormat.GGUF);
        assertThat(spec.file()).isEqualTo("qwen2.5-1.5b-q4_k_m.gguf");
        assertThat(spec.builtin()).isNull();
        assertThat(spec.url()).isEqualTo(URI.create("https://example.org/qwen.gguf"));
        assertThat(spec.sha256()).isEqualTo("abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789");
        assertThat(spec.tasks()).containsExactlyInAnyOrder(TaskKind.CHAT, TaskKind.EMBEDDINGS);
        assertThat(spec.tier()).isEqualTo(Tier.MEDIUM);
        assertThat(spec.isDefault()).isTrue();
        assertThat(spec.slots()).isEqualTo(3);
        assertThat(spec.context()).isEqualTo(4096);
        assertThat(spec.chatTemplate()).isEqualTo("{{ messages }}");
    }

    @Test
    void optionalFieldsTakeTheirDefaults() {
        ModelSpec spec = ManifestReader.parse("""
                models:
                  - {id: m, file: m.gguf, tasks: [chat]}
                """, "test.yaml").find("m").orElseThrow();

        assertThat(spec.tier()).isEqualTo(Tier.SMALL);
        assertThat(spec.isDefault()).isFalse();
        assertThat(spec.slots()).isNull();
        assertThat(spec.context()).isNull();
        assertThat(spec.aliases()).isEmpty();
        assertThat(spec.url()).isNull();
    }

    @Test
    void theFormatIsInferredFromTheFileExtension() {
        Manifest manifest = ManifestReader.parse("""
                models:
                  - {id: a, file: A.GGUF, tasks: [chat]}
                  - {id: b, file: dir/b.onnx, tasks: [embeddings]}
                  - {id: c, file: c.bin, format: gguf, tasks: [chat]}
                """, "test.yaml");

        assertThat(manifest.models()).extracting(ModelSpec::format)
                .startsWith(ModelFormat.GGUF, ModelFormat.ONNX, ModelFormat.GGUF);
    }

    @Test
    void theBuiltinEmbeddingModelIsAddedAndBecomesTheEmbeddingsDefault() {
        Manifest manifest = ManifestReader.parse("""
                models:
                  - {id: chat, file: c.gguf, tasks: [chat], default: true}
                """, "test.yaml");

        ModelSpec minilm = manifest.find("minilm").orElseThrow();
        assertThat(minilm.builtin()).isEqualTo("all-minilm-l6-v2");
        assertThat(minilm.format()).isEqualTo(ModelFormat.ONNX);
        assertThat(minilm.tasks()).containsExactly(TaskKind.EMBEDDINGS);
        assertThat(minilm.isDefault()).isTrue();
        assertThat(manifest.defaultFor(TaskKind.EMBEDDINGS)).contains(minilm);
        assertThat(manifest.defaultFor(TaskKind.CHAT).orElseThrow().id()).isEqualTo("chat");
    }

    @Test
    void theBuiltinIsNotTheDefaultWhenAnotherEmbeddingsModelIsDeclaredDefault() {
        Manifest manifest = ManifestReader.parse("""
                models:
                  - {id: e5, file: e5.gguf, tasks: [embeddings], default: true}
                """, "test.yaml");

        assertThat(manifest.find("minilm").orElseThrow().isDefault()).isFalse();
        assertThat(manifest.defaultFor(TaskKind.EMBEDDINGS).orElseThrow().id()).isEqualTo("e5");
    }

    @Test
    void aDeclaredBuiltinIsNotAddedTwice() {
        Manifest manifest = ManifestReader.parse("""
                models:
                  - {id: embed, aliases: [text-embedding-3-small], builtin: ALL-MiniLM-L6-v2, tasks: [embeddings]}
                """, "test.yaml");

        assertThat(manifest.models()).hasSize(1);
        assertThat(manifest.models().getFirst().builtin()).isEqualTo("all-minilm-l6-v2");
        assertThat(manifest.models().getFirst().format()).isEqualTo(ModelFormat.ONNX);
        assertThat(manifest.find("minilm")).isEmpty();
    }

    @Test
    void anEmptyDocumentOrModelListYieldsOnlyTheBuiltin() {
        for (String yaml : List.of("", "models:", "models: []", "# nothing here\n")) {
            Manifest manifest = ManifestReader.parse(yaml, "test.yaml");
            assertThat(manifest.models()).as(yaml).extracting(ModelSpec::id).containsExactly("minilm");
        }
    }

    @Test
    void everyViolationIsReportedAtOnce() {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ManifestReader.parse("""
                models:
                  - {id: a, file: a.gguf, tasks: [chat], slots: 0}
                  - {id: a, file: b.gguf, tasks: [talk]}
                  - {file: c.gguf, tasks: [chat], colour: blue}
                """, "models.yaml"));

        assertThat(e.source()).isEqualTo("models.yaml");
        assertThat(e.violations()).extracting(Violation::toString).containsExactlyInAnyOrder(
                "models[0].slots: must be >= 1, was 0",
                "models[1].tasks[0]: must be one of [chat, embeddings], was 'talk'",
                "models[2].colour: unknown key, expected one of " + ModelEntryReader.KEYS,
                "models[2].id: is required");
        assertThat(e.getMessage()).contains("models.yaml is invalid").contains("models[0].slots: must be >= 1, was 0");
    }

    @Test
    void readingAMissingFileIsAConfigExceptionNamingTheFile(@TempDir Path dir) {
        Path missing = dir.resolve("models.yaml");
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ManifestReader.read(missing));
        assertThat(e.source()).isEqualTo(missing.toString());
        assertThat(e.violations()).extracting(Violation::toString).containsExactly("(file): does not exist");
    }

    @Test
    void readingAFileUsesItsPathAsTheSource(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("models.yaml"), "models:\n  - {id: x, file: x.gguf, slots: -1}\n");
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ManifestReader.read(file));
        assertThat(e.source()).isEqualTo(file.toString());
        assertThat(e.violations()).extracting(Violation::key).containsExactlyInAnyOrder("models[0].tasks",
                "models[0].slots");
    }

    @Test
    void theSampleManifestAtTheRepositoryRootNeedsNoFileOutsideTheJar() {
        Path sample = Path.of("..", "models.yaml");
        assertThat(sample).as("sample models.yaml at the repository root").isRegularFile();

        Manifest manifest = ManifestReader.read(sample);

        ModelSpec stories = manifest.defaultFor(TaskKind.CHAT).orElseThrow();
        assertThat(stories.id()).isEqualTo("stories260k");
        assertThat(stories.aliases()).containsExactly("stories");
        assertThat(stories.builtin()).isEqualTo("stories260k");
        assertThat(stories.file()).isNull();
        assertThat(stories.format()).isEqualTo(ModelFormat.GGUF);
        assertThat(stories.tasks()).containsExactly(TaskKind.CHAT);
        assertThat(stories.slots()).isEqualTo(2);
        assertThat(stories.context()).isEqualTo(2048);
        assertThat(manifest.defaultFor(TaskKind.EMBEDDINGS).orElseThrow().builtin()).isEqualTo("all-minilm-l6-v2");
        assertThat(manifest.models()).extracting(ModelSpec::builtin).doesNotContainNull();
        assertThat(manifest.models()).hasSize(2);
    }

    @Test
    void theLlamaCppSettingsAreReadByTheirManifestSpelling() {
        ModelSpec spec = ManifestReader.parse("""
                models:
                  - {id: a, file: a.gguf, tasks: [chat], engine: java-llama.cpp, kvCacheType: Q8_0, flashAttention: on}
                  - {id: b, file: b.gguf, tasks: [chat], engine: llama.cpp, kvCacheType: f32, flashAttention: "off"}
                """, "t").find("a").orElseThrow();

        assertThat(spec.engine()).isEqualTo(Engine.JAVA_LLAMA_CPP);
        assertThat(spec.kvCacheType()).isEqualTo(KvCacheType.Q8_0);
        assertThat(spec.flashAttention()).isEqualTo(FlashAttention.ON);
        assertThat(List.of(spec.engine().wireName(), spec.kvCacheType().wireName(), spec.flashAttention().wireName()))
                .containsExactly("java-llama.cpp", "q8_0", "on");
    }

    @Test
    void aBareOffIsReadAsOffThoughYamlCallsItABoolean() {
        ModelSpec spec = ManifestReader.parse("models:\n  - {id: b, file: b.gguf, tasks: [chat], flashAttention: off}\n",
                "t").find("b").orElseThrow();

        assertThat(spec.flashAttention()).isEqualTo(FlashAttention.OFF);
    }

    @Test
    void withoutLlamaCppSettingsTheEngineIsAutomaticTheCacheF16AndFlashAttentionAutomatic() {
        Manifest manifest = ManifestReader.parse("models:\n  - {id: a, file: a.gguf, tasks: [chat]}\n", "t");

        assertThat(manifest.models()).allSatisfy(spec -> {
            assertThat(spec.engine()).isEqualTo(Engine.AUTO);
            assertThat(spec.kvCacheType()).isEqualTo(KvCacheType.F16);
            assertThat(spec.flashAttention()).isEqualTo(FlashAttention.AUTO);
        });
    }

    @Test
    void changingTheContextKeepsTheLlamaCppSettings() {
        ModelSpec spec = ManifestReader.parse("models:\n  - {id: a, file: a.gguf, tasks: [chat], context: 4096, "
                + "engine: llama.cpp, kvCacheType: q4_0}\n", "t").find("a").orElseThrow();

        ModelSpec smaller = spec.withContext(1024);

        assertThat(smaller.context()).isEqualTo(1024);
        assertThat(smaller.engine()).isEqualTo(Engine.LLAMA_CPP);
        assertThat(smaller.kvCacheType()).isEqualTo(KvCacheType.Q4_0);
        assertThat(smaller).isEqualTo(new ModelSpec(spec.id(), spec.aliases(), spec.format(), spec.file(),
                spec.builtin(), spec.url(), spec.sha256(), spec.tasks(), spec.tier(), spec.isDefault(), spec.slots(),
                1024, spec.chatTemplate(), spec.serving(), spec.engine(), spec.kvCacheType(), spec.flashAttention()));
    }

    @Test
    void theBuiltinChatModelIsGgufWithoutAFormatKey() {
        ModelSpec stories = ManifestReader.parse("models:\n  - {id: s, builtin: Stories260K, tasks: [chat]}\n",
                "t").find("s").orElseThrow();

        assertThat(stories.builtin()).isEqualTo("stories260k");
        assertThat(stories.format()).isEqualTo(ModelFormat.GGUF);
    }
}
