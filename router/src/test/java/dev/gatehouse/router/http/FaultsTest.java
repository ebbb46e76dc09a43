package dev.gatehouse.router.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.inference.ModelPool;
import dev.gatehouse.inference.NativeModelLoader;
import dev.gatehouse.inference.PoolSettings;
import dev.gatehouse.manifest.ManifestReader;
import dev.gatehouse.manifest.gguf.RandomLlamaGguf;
import dev.gatehouse.manifest.gguf.RandomLlamaSpec;
import dev.gatehouse.router.escalation.FakeProvider;
import dev.gatehouse.router.escalation.FakeProvider.Fault;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults while serving, on a real server with real worker processes: a worker killed mid-stream, a model file
 * deleted and then corrupted under a running server, a provider that never answers.
 */
class FaultsTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static Path modelFile;
    static RunningGatehouse gatehouse;

    @BeforeAll
    static void start() throws Exception {
        Path models = Files.createDirectory(dir.resolve("models"));
        modelFile = models.resolve("random.gguf");
        RandomLlamaGguf.write(modelFile, RandomLlamaSpec.tiny());
        Files.writeString(dir.resolve("models.yaml"), """
                models:
                  - id: stories
                    builtin: stories260k
                    tasks: [chat]
                    default: true
                    slots: 1
                    context: 512
                  - id: random
                    file: random.gguf
                    tasks: [chat]
                    slots: 1
                """);
        ModelPool pool = new ModelPool(ManifestReader.read(dir.resolve("models.yaml")),
                new PoolSettings(1, 4, Duration.ofSeconds(30), 256), NativeModelLoader.create(models, dir.resolve("run")));
        pool.start();
        gatehouse = RunningGatehouse.serve(pool, 1 << 20);
    }

    @AfterAll
    static void stop() {
        if (gatehouse != null) gatehouse.close();
    }

    @Test
    void aWorkerKilledMidStreamEndsTheStreamWithAnErrorEventAndTheNextRequestGetsANewWorker() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(gatehouse.uri("/v1/chat/completions"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("""
                        {"model":"stories","stream":true,"max_tokens":400,"temperature":0,
                         "messages":[{"role":"user","content":"Once upon a time"}]}""")).build();
        HttpResponse<InputStream> response = gatehouse.http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        var lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
        assertThat(lines.readLine()).startsWith("data: ");
        long pid = gatehouse.pool.status().stream().filter(s -> s.spec().id().equals("stories")).findFirst()
                .orElseThrow().workerPid();
        ProcessHandle worker = ProcessHandle.of(pid).orElseThrow();
        worker.destroyForcibly();
        worker.onExit().join();

        String rest = new String(response.body().readAllBytes(), StandardCharsets.UTF_8);
        lines.close();
        assertThat(rest).contains("\"error\"").contains("worker_failed");

        var next = gatehouse.post("/v1/chat/completions",
                "{\"model\":\"stories\",\"max_tokens\":4,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertThat(next.statusCode()).as(next.body()).isEqualTo(200);
    }

    @Test
    void aModelFileDeletedOrCorruptedWhileServingKeepsServingUntilUnloadedThenTheFailedLoadFallsBackAndIsShown()
            throws Exception {
        gatehouse.pool.load("random"); // a worker JVM starts slowly on a busy machine: not inside a request's timeout
        String ask = "{\"model\":\"random\",\"max_tokens\":3,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
        assertThat(chat(ask).statusCode()).isEqualTo(200);
        byte[] original = Files.readAllBytes(modelFile);
        try {
            Files.delete(modelFile);
            assertThat(chat(ask).statusCode())
                    .as("the loaded worker holds the file open").isEqualTo(200);

            gatehouse.pool.unload("random");
            var missing = chat(ask);
            // the load fails; the request falls back to another local model and says so
            assertThat(missing.statusCode()).as(missing.body()).isEqualTo(200);
            assertThat(missing.headers().firstValue("x-gatehouse-model")).contains("stories");
            assertThat(missing.headers().firstValue("x-gatehouse-fallback-from")).contains("random");
            assertThat(lastError("random")).contains("random.gguf");

            Files.write(modelFile, "garbage, not a model".getBytes(StandardCharsets.UTF_8));
            var corrupt = chat(ask);
            assertThat(corrupt.statusCode()).as(corrupt.body()).isEqualTo(200);
            assertThat(corrupt.headers().firstValue("x-gatehouse-fallback-from")).contains("random");
            assertThat(lastError("random")).contains("GGUF");

            assertThat(gatehouse.get("/health/live").statusCode()).isEqualTo(200);
            assertThat(chat(ask.replace("random", "stories")).statusCode())
                    .as("other models keep serving").isEqualTo(200);
        } finally {
            Files.write(modelFile, original);
        }
        gatehouse.pool.load("random");
        assertThat(chat(ask).statusCode()).as("the repaired file loads again")
                .isEqualTo(200);
    }

    @Test
    void aProviderThatNeverAnswersIsAbandonedAtItsTimeoutAndTheLocalModelAnswers() throws Exception {
        try (FakeProvider hanging = FakeProvider.start()) {
            hanging.nextResponses(new Fault.Delay(Duration.ofSeconds(60)));
            String policy = """
                    targets:
                      - {id: tiny, quality: {default: 0.2}}
                      - {id: other, quality: {default: 0.1}}
                      - {id: p1/m, quality: {default: 0.95}}
                    floors: {default: 0.0}
                    priority: best
                    providers:
                    """ + EscalatingGatehouse.provider("p1", "openai", hanging.baseUrl(), "m", "public", "0", "0");
            try (RunningGatehouse escalating = EscalatingGatehouse.start(policy,
                    ScriptedChatModel.saying(4096, "local"), ScriptedChatModel.saying(4096, "other"))) {
                CompletableFuture<HttpResponse<String>> answer = escalating.http.sendAsync(
                        HttpRequest.newBuilder(escalating.uri("/v1/chat/completions"))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(
                                        EscalatingGatehouse.chat("auto", "explain tides"))).build(),
                        HttpResponse.BodyHandlers.ofString());

                assertThat(escalating.get("/health/live").statusCode()).as("the server answers meanwhile")
                        .isEqualTo(200);
                HttpResponse<String> r = answer.get();
                assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
                assertThat(r.headers().firstValue("x-gatehouse-model")).contains("tiny");
                assertThat(r.headers().firstValue("x-gatehouse-fallback-from")).contains("p1/m");
            }
        }
    }

    private static HttpResponse<String> chat(String body) {
        return gatehouse.send(HttpRequest.newBuilder(gatehouse.uri("/v1/chat/completions"))
                .timeout(Duration.ofMinutes(3)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private static String lastError(String model) throws Exception {
        for (JsonNode m : JSON.readTree(gatehouse.get("/v1/pool").body()).get("models")) {
            if (m.get("id").asText().equals(model)) return m.path("lastError").asText();
        }
        throw new AssertionError("no model " + model + " in /v1/pool");
    }
}
