package dev.gatehouse.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ModelFilesTest {
    private final Path modelsDir = Path.of("/srv/models");

    @Test
    void aRelativeFileIsResolvedAgainstTheModelsDirectory() {
        ModelSpec spec = ManifestReader.parse("models:\n  - {id: a, file: sub/../a.gguf, tasks: [chat]}\n", "t")
                .find("a").orElseThrow();
        assertThat(ModelFiles.resolve(spec, modelsDir)).isEqualTo(Path.of("/srv/models/a.gguf"));
    }

    @Test
    void anAbsoluteFileIsKept() {
        ModelSpec spec = ManifestReader.parse("models:\n  - {id: a, file: /data/a.gguf, tasks: [chat]}\n", "t")
                .find("a").orElseThrow();
        assertThat(ModelFiles.resolve(spec, modelsDir)).isEqualTo(Path.of("/data/a.gguf"));
    }

    @Test
    void anOnnxBuiltinHasNoFile() {
        ModelSpec minilm = ManifestReader.parse("", "t").find("minilm").orElseThrow();
        assertThat(ModelFiles.resolve(minilm, modelsDir)).isNull();
    }

    @Test
    void aGgufBuiltinResolvesToItsCopyInTheBuiltinCacheNotTheModelsDirectory() {
        ModelSpec stories = ManifestReader.parse("models:\n  - {id: s, builtin: stories260k, tasks: [chat]}\n", "t")
                .find("s").orElseThrow();

        Path file = ModelFiles.resolve(stories, modelsDir);

        assertThat(file).isRegularFile().hasFileName("stories260K.gguf")
                .startsWith(BuiltinModelFiles.cacheRoot().toAbsolutePath().normalize());
        assertThat(file.getParent().getFileName().toString())
                .isEqualTo("270cba1bd5109f42d03350f60406024560464db173c0e387d91f0426d3bd256d");
    }
}
