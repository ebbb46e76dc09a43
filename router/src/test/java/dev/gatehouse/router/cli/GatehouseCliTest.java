package dev.gatehouse.router.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.inference.InferenceException;
import dev.gatehouse.inference.ModelLoader;
import dev.gatehouse.manifest.gguf.RandomLlamaGguf;
import dev.gatehouse.manifest.gguf.RandomLlamaSpec;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GatehouseCliTest {

    @TempDir
    Path dir;
    Path models;
    Path manifest;

    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    static final ModelLoader NO_LOADS = (spec, slots, context) -> {
        throw new InferenceException(InferenceException.Kind.MODEL_NOT_READY, "tests load nothing");
    };

    @BeforeEach
    void writeModels() throws IOException {
        models = Files.createDirectory(dir.resolve("models"));
        RandomLlamaGguf.write(models.resolve("tiny.gguf"), RandomLlamaSpec.tiny());
        manifest = dir.resolve("models.yaml");
        Files.writeString(manifest, """
                models:
                  - id: tiny
                    file: tiny.gguf
                    tasks: [chat]
                    tier: small
                    default: true
                  - id: minilm
                    builtin: all-minilm-l6-v2
                    format: onnx
                    tasks: [embeddings]
                    default: true
                """);
    }

    int run(String... args) {
        return GatehouseCli.run(args, new PrintWriter(out), new PrintWriter(err), Map.of(), dir -> NO_LOADS);
    }

    @Test
    void configValidateExitsZeroForAValidSetup() throws IOException {
        Path config = dir.resolve("gatehouse.yaml");
        Files.writeString(config, "port: 9000\nmodelsDir: " + models + "\nmanifest: " + manifest + "\n");

        int code = run("config", "validate", "--config", config.toString());

        assertThat(code).as(out.toString()).isZero();
        assertThat(out.toString()).contains(config + ": ok", "valid").doesNotContain("invalid");
    }

    @Test
    void configValidateExitsOneListingEveryViolationOfBothFiles() throws IOException {
        Path config = dir.resolve("gatehouse.yaml");
        Files.writeString(config, "port: 70000\ncolour: blue\nlimits:\n  defaultSlots: 0\n");
        Files.writeString(manifest, Files.readString(manifest).replace("tiny.gguf", "absent.gguf"));

        int code = run("config", "validate", "--config", config.toString(), "--manifest", manifest.toString(),
                "--models-dir", models.toString());

        assertThat(code).isEqualTo(1);
        assertThat(out.toString()).contains(
                "port: must be between 0 and 65535, was 70000",
                "colour: unknown key",
                "limits.defaultSlots: must be between 1 and 1024, was 0",
                "models[0].file: model file not found",
                "invalid");
        assertThat(out.toString() + err).doesNotContain("Exception", "\tat ");
    }

    @Test
    void modelsShowsEachEntryWithFactsFromTheGgufHeader() {
        int code = run("models", "--manifest", manifest.toString(), "--models-dir", models.toString());

        assertThat(code).isZero();
        String table = out.toString();
        assertThat(table).contains("ID", "ARCH", "QUANT");
        String tinyRow = table.lines().filter(l -> l.startsWith("tiny ")).findFirst().orElseThrow();
        assertThat(tinyRow).contains("gguf", "chat", "small", "yes", "llama", "KiB", models.resolve("tiny.gguf")
                .toString());
        assertThat(table.lines().filter(l -> l.startsWith("minilm ")).findFirst().orElseThrow())
                .contains("onnx", "embeddings", "builtin");
    }

    @Test
    void modelsMarksAMissingFile() throws IOException {
        Files.delete(models.resolve("tiny.gguf"));
        run("models", "--manifest", manifest.toString(), "--models-dir", models.toString());
        assertThat(out.toString().lines().filter(l -> l.startsWith("tiny ")).findFirst().orElseThrow())
                .contains("MISSING");
        assertThat(out.toString()).contains("models[0].file: model file not found");
    }

    @Test
    void modelsJsonCarriesTheSameFacts() throws IOException {
        int code = run("models", "--json", "--manifest", manifest.toString(), "--models-dir", models.toString());

        assertThat(code).isZero();
        JsonNode tiny = new ObjectMapper().readTree(out.toString()).get(0);
        assertThat(tiny.get("id").asText()).isEqualTo("tiny");
        assertThat(tiny.get("present").asBoolean()).isTrue();
        assertThat(tiny.get("sizeBytes").asLong()).isPositive();
        assertThat(tiny.get("architecture").asText()).isEqualTo("llama");
        assertThat(tiny.get("trainedContext").asInt()).isPositive();
        assertThat(tiny.get("quantization").asText()).isNotBlank();
    }

    @Test
    void serveWithABadConfigPrintsEveryViolationAndExitsNonZeroWithoutAStackTrace() throws IOException {
        Path config = dir.resolve("gatehouse.yaml");
        Files.writeString(config, "port: -1\nlimits:\n  queueWait: soon\n");

        int code = run("serve", "--config", config.toString(), "--manifest", manifest.toString());

        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).contains("port: must be between 0 and 65535, was -1",
                "limits.queueWait: must be a duration").doesNotContain("Exception", "\tat ");
    }

    @Test
    void serveWithAnInvalidManifestExitsNonZero() throws IOException {
        Files.writeString(manifest, "models:\n  - id: broken\n");
        int code = run("serve", "--port", "0", "--manifest", manifest.toString());
        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).contains("models[0]").doesNotContain("\tat ");
    }

    @Test
    void anUnknownCommandIsAUsageError() {
        assertThat(run("frobnicate")).isEqualTo(2);
        assertThat(err.toString()).contains("frobnicate");
    }
}
