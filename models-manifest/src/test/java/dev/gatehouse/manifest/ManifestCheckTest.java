package dev.gatehouse.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.manifest.gguf.GgufWriter;
import dev.gatehouse.manifest.gguf.RandomLlamaGguf;
import dev.gatehouse.manifest.gguf.RandomLlamaSpec;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestCheckTest {
    @TempDir
    Path dir;

    @Test
    void aPresentGgufIsReportedWithItsSizeAndHeaderAndNoProblems() throws IOException {
        RandomLlamaGguf.write(dir.resolve("tiny.gguf"), RandomLlamaSpec.tiny());

        ManifestReport report = check("- {id: tiny, file: tiny.gguf, tasks: [chat], context: 512}");

        assertThat(report.errors()).isEmpty();
        assertThat(report.warnings()).isEmpty();
        assertThat(report.ok()).isTrue();
        ModelFileReport tiny = report.models().getFirst();
        assertThat(tiny.path()).isEqualTo(dir.resolve("tiny.gguf").toAbsolutePath());
        assertThat(tiny.present()).isTrue();
        assertThat(tiny.sizeBytes()).isEqualTo(Files.size(dir.resolve("tiny.gguf")));
        assertThat(tiny.gguf().architecture()).isEqualTo("llama");
        assertThat(tiny.gguf().contextLength()).isEqualTo(512);
    }

    @Test
    void theBuiltinIsPresentWithoutAFile() {
        ManifestReport report = ManifestCheck.check(ManifestReader.parse("", "t"), dir);

        assertThat(report.models()).singleElement().satisfies(m -> {
            assertThat(m.spec().id()).isEqualTo("minilm");
            assertThat(m.path()).isNull();
            assertThat(m.present()).isTrue();
        });
        assertThat(report.ok()).isTrue();
    }

    @Test
    void aMissingFileIsAnErrorNamingTheFullPath() {
        ManifestReport report = check("- {id: gone, file: gone.gguf, tasks: [chat]}");

        Path expected = dir.resolve("gone.gguf").toAbsolutePath();
        assertThat(report.errors()).extracting(Violation::toString)
                .containsExactly("models[0].file: model file not found: " + expected);
        assertThat(report.models().getFirst().present()).isFalse();
        assertThat(report.ok()).isFalse();
    }

    @Test
    void aTruncatedGgufIsAnErrorSayingWhatIsWrong() throws IOException {
        Path file = dir.resolve("cut.gguf");
        RandomLlamaGguf.write(file, RandomLlamaSpec.tiny());
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(Files.size(file) / 2);
        }

        ManifestReport report = check("- {id: cut, file: cut.gguf, tasks: [chat]}");

        assertThat(report.errors()).singleElement().satisfies(v -> {
            assertThat(v.key()).isEqualTo("models[0].file");
            assertThat(v.message()).startsWith("cannot be loaded: " + file.toAbsolutePath())
                    .contains("beyond the end of the file");
        });
        assertThat(report.models().getFirst().gguf()).isNull();
    }

    @Test
    void aFileDeclaredGgufThatIsNotGgufIsAnError() throws IOException {
        Files.writeString(dir.resolve("weights.bin"), "PK\u0003\u0004 a zip, not a model");

        ManifestReport report = check("- {id: w, file: weights.bin, format: gguf, tasks: [chat]}");

        assertThat(report.errors()).extracting(Violation::toString).containsExactly("models[0].file: format is gguf "
                + "but " + dir.resolve("weights.bin").toAbsolutePath() + " is not a GGUF file");
    }

    @Test
    void aContextAboveTheTrainedContextIsAWarning() throws IOException {
        RandomLlamaGguf.write(dir.resolve("m.gguf"), RandomLlamaSpec.tiny().withContext(2048));

        ManifestReport report = check("- {id: m, file: m.gguf, tasks: [chat], context: 32768}");

        assertThat(report.errors()).isEmpty();
        assertThat(report.warnings()).extracting(Violation::toString).containsExactly("models[0].context: 32768 "
                + "exceeds the 2048 tokens the model was trained with (" + dir.resolve("m.gguf").toAbsolutePath() + ")");
    }

    @Test
    void anArchitectureTheBundledLlamaCppCannotRunIsAWarning() throws IOException {
        new GgufWriter().putString("general.architecture", "qwen3").putUint32("qwen3.context_length", 4096)
                .putString("tokenizer.chat_template", "{{ x }}").write(dir.resolve("q.gguf"));

        ManifestReport report = check("- {id: q, file: q.gguf, tasks: [chat]}");

        assertThat(report.warnings()).singleElement().satisfies(v -> {
            assertThat(v.key()).isEqualTo("models[0].file");
            assertThat(v.message()).startsWith("architecture 'qwen3' is not known to run on the bundled llama.cpp")
                    .contains("llama, qwen2");
        });
    }

    @Test
    void aChatModelWithoutAnyTemplateWarnsAboutTheChatMlFallback() throws IOException {
        RandomLlamaGguf.write(dir.resolve("plain.gguf"), RandomLlamaSpec.tiny().withChatTemplate(null));

        ManifestReport report = check("""
                - {id: plain, file: plain.gguf, tasks: [chat]}
                - {id: overridden, file: plain.gguf, tasks: [chat], chatTemplate: "{{ messages }}"}
                - {id: embedder, file: plain.gguf, tasks: [embeddings]}""");

        assertThat(report.warnings()).singleElement().satisfies(v -> {
            assertThat(v.key()).isEqualTo("models[0].chatTemplate");
            assertThat(v.message()).contains("ChatML fallback will be used");
        });
    }

    @Test
    void checksumsAreComparedOnlyWhenAsked() throws IOException {
        Files.writeString(dir.resolve("e.onnx"), "abc");
        String abcSha = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
        String wrong = "f".repeat(64);
        Manifest manifest = ManifestReader.parse("""
                models:
                  - {id: good, file: e.onnx, sha256: %s, tasks: [embeddings]}
                  - {id: bad, file: e.onnx, sha256: %s, tasks: [embeddings]}
                """.formatted(abcSha, wrong), "t");

        assertThat(ManifestCheck.check(manifest, dir).errors()).isEmpty();
        assertThat(ManifestCheck.verifyChecksums(manifest, dir)).extracting(Violation::toString)
                .containsExactly("models[1].sha256: expected " + wrong + " but " + dir.resolve("e.onnx")
                        .toAbsolutePath() + " has " + abcSha);
    }

    @Test
    void theSampleManifestChecksCleanWithAnEmptyModelsDirectory() {
        ManifestReport report = ManifestCheck.check(ManifestReader.read(Path.of("..", "models.yaml")), dir);

        assertThat(report.errors()).isEmpty();
        assertThat(report.models()).hasSize(2);
        ModelFileReport stories = report.models().getFirst();
        assertThat(stories.spec().builtin()).isEqualTo("stories260k");
        assertThat(stories.present()).isTrue();
        assertThat(stories.path()).isRegularFile().hasFileName("stories260K.gguf");
        assertThat(stories.sizeBytes()).isEqualTo(1_185_376);
        assertThat(stories.gguf().architecture()).isEqualTo("llama");
        assertThat(stories.gguf().contextLength()).isEqualTo(2048);
        // stories260K has no chat template of its own
        assertThat(report.warnings()).extracting(Violation::key).containsExactly("models[0].chatTemplate");
    }

    @Test
    void aBuiltinThatCannotBeExtractedIsAnErrorAtItsBuiltinKey() throws IOException {
        Path notADirectory = Files.writeString(dir.resolve("cache-is-a-file"), "x");
        String before = System.getProperty(BuiltinModelFiles.CACHE_DIR_PROPERTY);
        String tmp = System.getProperty("java.io.tmpdir");
        System.setProperty(BuiltinModelFiles.CACHE_DIR_PROPERTY, notADirectory.toString());
        System.setProperty("java.io.tmpdir", notADirectory.toString());
        try {
            ManifestReport report = check("- {id: s, builtin: stories260k, tasks: [chat]}");

            assertThat(report.models().getFirst().present()).isFalse();
            assertThat(report.errors()).singleElement().satisfies(v -> {
                assertThat(v.key()).isEqualTo("models[0].builtin");
                assertThat(v.message()).contains("cannot extract builtin model 'stories260k'")
                        .contains(notADirectory.toString()).contains("XDG_CACHE_HOME");
            });
        } finally {
            restore(BuiltinModelFiles.CACHE_DIR_PROPERTY, before);
            restore("java.io.tmpdir", tmp);
        }
    }

    private static void restore(String property, String value) {
        if (value == null) {
            System.clearProperty(property);
        } else {
            System.setProperty(property, value);
        }
    }

    private ManifestReport check(String entries) {
        String yaml = "models:\n" + entries.lines().map(l -> "  " + l).reduce((a, b) -> a + "\n" + b).orElse("");
        return ManifestCheck.check(ManifestReader.parse(yaml, "t.yaml"), dir);
    }

}
