package dev.gatehouse.router.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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

/** {@code gatehouse plan} over a real (random-weight) GGUF file and the builtin embedder, on described hardware. */
class PlanCommandTest {

    @TempDir
    Path dir;
    Path models;
    Path manifest;

    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    @BeforeEach
    void writeModels() throws IOException {
        models = Files.createDirectory(dir.resolve("models"));
        RandomLlamaGguf.write(models.resolve("tiny.gguf"), RandomLlamaSpec.tiny());
        manifest = dir.resolve("models.yaml");
        Files.writeString(manifest, """
                models:
                  - {id: tiny, file: tiny.gguf, tasks: [chat], default: true}
                  - {id: tiny-cpu, file: tiny.gguf, tasks: [chat], device: cpu}
                  - {id: tiny-on-1, file: tiny.gguf, tasks: [chat], device: "gpu:1"}
                  - {id: minilm, builtin: all-minilm-l6-v2, tasks: [embeddings], default: true}
                """);
    }

    int run(String... args) {
        return GatehouseCli.run(args, new PrintWriter(out), new PrintWriter(err), Map.of(), d -> GatehouseCliTest.NO_LOADS);
    }

    @Test
    void onDescribedGpusEachModelGetsADeviceAndTheReasonWhy() {
        int code = run("plan", "--manifest", manifest.toString(), "--models-dir", models.toString(),
                "--gpus", "1x24GiB,1x80GiB", "--ram", "64GiB");
        assertThat(err.toString()).isEmpty();
        assertThat(code).isZero();
        assertThat(out.toString())
                .contains("as described by --gpus/--ram")
                .contains("GPU0 24.0 GiB free of 24.0 GiB, GPU1 80.0 GiB free of 80.0 GiB")
                .containsPattern("tiny +gpu:0 +all \\d+ .*fits on GPU0 with")
                .containsPattern("tiny-cpu +cpu .*manifest pins device cpu")
                .containsPattern("tiny-on-1 +gpu:1 .*manifest pins device gpu:1")
                .containsPattern("minilm +cpu .*runs on the CPU only")
                .doesNotContain("Does not fit");
    }

    @Test
    void whatDoesNotFitIsListedWithTheFiguresAndTheExitCodeIsThree() {
        int code = run("plan", "--manifest", manifest.toString(), "--models-dir", models.toString(),
                "--gpus", "none", "--ram", "1GiB");
        assertThat(code).isEqualTo(3);
        assertThat(out.toString()).contains("Does not fit:")
                .contains("tiny-on-1: manifest pins device gpu:1 but the machine has no GPU (--gpus none)")
                .containsPattern("tiny: needs [0-9.]+ [KMG]iB RAM on the CPU, 0.0 B free after reserve");
    }

    @Test
    void jsonCarriesDeviceLayersMemoryAndReasonCodes() throws IOException {
        int code = run("plan", "--json", "--manifest", manifest.toString(), "--models-dir", models.toString(),
                "--gpus", "2x24GiB", "--ram", "64GiB");
        assertThat(code).isZero();
        JsonNode root = new ObjectMapper().readTree(out.toString());
        assertThat(root.at("/hardware/gpus")).hasSize(2);
        JsonNode tiny = root.get("models").get(0);
        assertThat(tiny.get("id").asText()).isEqualTo("tiny");
        assertThat(tiny.get("device").asText()).isEqualTo("gpu:0");
        assertThat(tiny.get("predictedGpuBytes").asLong()).isPositive();
        assertThat(tiny.get("predictedBytes").asLong())
                .isEqualTo(tiny.get("predictedGpuBytes").asLong() + tiny.get("predictedHostBytes").asLong());
        assertThat(tiny.at("/reasons/0/code").asText()).isEqualTo("FITS_ONE_GPU");
        assertThat(root.get("unplaced")).isEmpty();
    }

    @Test
    void aMissingModelFileIsReportedAsNotFittingNotAsAStackTrace() throws IOException {
        Files.delete(models.resolve("tiny.gguf"));
        int code = run("plan", "--manifest", manifest.toString(), "--models-dir", models.toString(),
                "--gpus", "1x24GiB", "--ram", "64GiB");
        assertThat(code).isEqualTo(3);
        assertThat(out.toString()).contains("tiny: cannot read").doesNotContain("Exception");
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void aMalformedGpuListIsRejectedWithTheExpectedForm() {
        int code = run("plan", "--manifest", manifest.toString(), "--gpus", "2xbanana");
        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).contains("--gpus: '2xbanana' is not a GPU group, expected COUNTxSIZE or SIZE,"
                + " e.g. 2x80GiB,1x24GiB");
    }

    @Test
    void withoutGpusOrRamTheLiveMachineIsPlannedFor() {
        int code = run("plan", "--manifest", manifest.toString(), "--models-dir", models.toString());
        assertThat(out.toString()).contains("Hardware (this machine)").contains("tiny");
        assertThat(code).isIn(0, 3); // tiny-on-1 fits only where a second GPU exists
    }
}
