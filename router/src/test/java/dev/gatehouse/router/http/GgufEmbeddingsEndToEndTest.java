package dev.gatehouse.router.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.inference.ModelPool;
import dev.gatehouse.inference.NativeModelLoader;
import dev.gatehouse.inference.PoolSettings;
import dev.gatehouse.manifest.ManifestReader;
import dev.gatehouse.manifest.gguf.RandomBertGguf;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /v1/embeddings} from a GGUF embedding model declared in a manifest, through a real server on a random port,
 * the pool and llama.cpp: a tiny random BERT written here (mean pooling declared in the file, as real ones do).
 */
class GgufEmbeddingsEndToEndTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static RunningGatehouse gatehouse;

    @BeforeAll
    static void start() throws IOException {
        Path models = Files.createDirectory(dir.resolve("models"));
        RandomBertGguf.write(models.resolve("bert.gguf"), 2, 64, 4, 128, 11, "mean");
        Path manifest = dir.resolve("models.yaml");
        Files.writeString(manifest, """
                models:
                  - id: bert-embed
                    aliases: [text-embedding-3-small]
                    file: bert.gguf
                    tasks: [embeddings]
                    default: true
                """);
        ModelPool pool = new ModelPool(ManifestReader.read(manifest), new PoolSettings(1, 4, Duration.ofSeconds(60),
                256), NativeModelLoader.create(models, dir.resolve("run")));
        pool.start();
        gatehouse = RunningGatehouse.serve(pool, 1 << 20);
    }

    @AfterAll
    static void stop() {
        if (gatehouse != null) gatehouse.close();
    }

    @Test
    void aGgufModelEmbedsTextsAsUnitVectorsWithRealTokenCounts() throws Exception {
        var response = gatehouse.post("/v1/embeddings",
                "{\"model\":\"text-embedding-3-small\",\"input\":[\"hello world\",\"a cat\",\"hello world\"]}");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("x-gatehouse-model")).hasValue("bert-embed");
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.get("model").asText()).isEqualTo("bert-embed");
        JsonNode data = body.get("data");
        assertThat(data).hasSize(3);
        double[][] vectors = new double[3][];
        for (int i = 0; i < 3; i++) {
            assertThat(data.get(i).get("index").asInt()).isEqualTo(i);
            JsonNode vector = data.get(i).get("embedding");
            assertThat(vector).hasSize(64);
            vectors[i] = new double[64];
            for (int d = 0; d < 64; d++) vectors[i][d] = vector.get(d).asDouble();
            assertThat(Math.sqrt(dot(vectors[i], vectors[i]))).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));
        }
        assertThat(dot(vectors[0], vectors[2])).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));
        assertThat(dot(vectors[0], vectors[1])).isLessThan(0.999);
        // [CLS] hello world [SEP], [CLS] a cat [SEP], [CLS] hello world [SEP]
        assertThat(body.get("usage").get("prompt_tokens").asInt()).isEqualTo(12);
        assertThat(body.get("usage").get("total_tokens").asInt()).isEqualTo(12);
    }

    @Test
    void thePoolReportsTheModelRunningOnLlamaCppInThisProcess() throws Exception {
        gatehouse.post("/v1/embeddings", "{\"input\":\"hello\"}");
        JsonNode models = JSON.readTree(gatehouse.get("/v1/pool").body()).get("models");
        JsonNode bert = null;
        for (JsonNode m : models) if (m.get("id").asText().equals("bert-embed")) bert = m;
        assertThat(bert).as(models.toString()).isNotNull();
        assertThat(bert.get("state").asText()).isEqualTo("ready");
        assertThat(bert.get("engine").asText()).isEqualTo("llama.cpp");
        assertThat(bert.get("context").asInt()).isEqualTo(128);
    }

    @Test
    void anInputLongerThanTheModelTakesIsRefusedAsTooLong() throws Exception {
        var response = gatehouse.post("/v1/embeddings",
                "{\"input\":[\"hi\",\"" + "hello ".repeat(200) + "\"]}");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        JsonNode error = JSON.readTree(response.body()).get("error");
        assertThat(error.get("code").asText()).isEqualTo("context_length_exceeded");
        assertThat(error.get("param").asText()).isEqualTo("input");
        assertThat(error.get("message").asText())
                .isEqualTo("bert-embed: input[1] has 202 tokens; this model embeds at most 128 tokens per input");
    }

    static double dot(double[] a, double[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) sum += a[i] * b[i];
        return sum;
    }
}
