package dev.gatehouse.router.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.inference.ModelPool;
import dev.gatehouse.inference.ModelState;
import dev.gatehouse.inference.ModelStatus;
import dev.gatehouse.inference.NativeModelLoader;
import dev.gatehouse.inference.PoolSettings;
import dev.gatehouse.manifest.ManifestReader;
import dev.gatehouse.manifest.ModelFormat;
import dev.gatehouse.manifest.gguf.GgmlType;
import dev.gatehouse.manifest.gguf.RandomLlamaGguf;
import dev.gatehouse.manifest.gguf.RandomLlamaSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole stack with real models: the HTTP layer, the pool, GGUF worker processes and the in-process ONNX
 * embedder. The random-weight GGUFs are written here and stories260K ships in the jar, so these run everywhere.
 */
class RealModelsEndToEndTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static RunningGatehouse gatehouse;

    @BeforeAll
    static void start() throws IOException {
        Path models = Files.createDirectory(dir.resolve("models"));
        RandomLlamaGguf.write(models.resolve("random.gguf"), RandomLlamaSpec.tiny());
        RandomLlamaGguf.write(models.resolve("random-f16.gguf"), RandomLlamaSpec.tiny().withTensorType(GgmlType.F16));
        Path manifest = dir.resolve("models.yaml");
        Files.writeString(manifest, """
                models:
                  - id: random
                    file: random.gguf
                    tasks: [chat]
                    tier: small
                    default: true
                    slots: 1
                  - id: random-f16
                    file: random-f16.gguf
                    tasks: [chat]
                    slots: 1
                  - id: minilm
                    builtin: all-minilm-l6-v2
                    format: onnx
                    tasks: [embeddings]
                    default: true
                  - id: stories
                    builtin: stories260k
                    tasks: [chat]
                    tier: small
                    slots: 1
                    context: 512
                  - id: stories-tools
                    builtin: stories260k
                    tasks: [chat]
                    slots: 1
                    context: 1024
                    chatTemplate: "{% if tools %}<|im_start|>system\\nTools: {{ tools | tojson }}<|im_end|>\\n{% endif %}{% for m in messages %}<|im_start|>{{ m.role }}\\n{% if m.tool_calls %}{% for c in m.tool_calls %}<tool_call>{{ c.function | tojson }}</tool_call>{% endfor %}{% else %}{{ m.content }}{% endif %}<|im_end|>\\n{% endfor %}{% if add_generation_prompt %}<|im_start|>assistant\\n{% endif %}"
                  - id: stories-old
                    builtin: stories260k
                    engine: java-llama.cpp
                    tasks: [chat]
                    slots: 1
                    context: 512
                """);
        ModelPool pool = new ModelPool(ManifestReader.read(manifest), new PoolSettings(1, 4, Duration.ofSeconds(60),
                256), NativeModelLoader.create(models, dir.resolve("run")));
        pool.start();
        gatehouse = RunningGatehouse.serve(pool, 1 << 20);
    }

    @AfterAll
    static void stop() {
        if (gatehouse != null) {
            gatehouse.close();
        }
    }

    @Test
    void theDefaultModelsAreLoadedAndReady() {
        assertThat(gatehouse.get("/health/ready").statusCode()).as(gatehouse.get("/health/ready").body())
                .isEqualTo(200);
    }

    @Test
    void aRandomWeightModelCompletesWithRealTokenCounts() throws Exception {
        var response = gatehouse.post("/v1/chat/completions", """
                {"model":"random","messages":[{"role":"user","content":"Say something."}],"max_tokens":6,
                 "temperature":0,"seed":7}""");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.get("model").asText()).isEqualTo("random");
        JsonNode usage = body.get("usage");
        assertThat(usage.get("prompt_tokens").asInt()).isPositive();
        assertThat(usage.get("completion_tokens").asInt()).isBetween(1, 6);
        assertThat(usage.get("total_tokens").asInt())
                .isEqualTo(usage.get("prompt_tokens").asInt() + usage.get("completion_tokens").asInt());
        String finish = body.get("choices").get(0).get("finish_reason").asText();
        assertThat(finish).isIn("stop", "length");
        if (usage.get("completion_tokens").asInt() == 6) {
            assertThat(finish).isEqualTo("length");
        }
    }

    @Test
    void aRandomWeightModelStreamsChunksThenDone() {
        var response = gatehouse.post("/v1/chat/completions", """
                {"stream":true,"stream_options":{"include_usage":true},"max_tokens":5,"temperature":0,
                 "messages":[{"role":"user","content":"Go."}]}""");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        List<String> events = ChatStreamingTest.events(response.body());
        assertThat(events).last().isEqualTo("[DONE]");
        JsonNode usage = ChatStreamingTest.parse(events.get(events.size() - 2)).get("usage");
        assertThat(usage.get("completion_tokens").asInt()).isBetween(1, 5);
    }

    @Test
    void maxTokensBeyondTheRealContextIsRefused() throws Exception {
        var response = gatehouse.post("/v1/chat/completions",
                "{\"max_tokens\":100000,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(response.body()).get("error").get("code").asText())
                .isEqualTo("context_length_exceeded");
    }

    @Test
    void theBuiltinMiniLmEmbedsTextsAsUnitVectors() throws Exception {
        var response = gatehouse.post("/v1/embeddings", "{\"input\":[\"a cat\",\"a dog\"]}");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode data = JSON.readTree(response.body()).get("data");
        assertThat(data).hasSize(2);
        JsonNode vector = data.get(0).get("embedding");
        assertThat(vector).hasSize(384);
        double norm = 0;
        for (JsonNode v : vector) {
            norm += v.asDouble() * v.asDouble();
        }
        assertThat(Math.sqrt(norm)).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-3));
        assertThat(JSON.readTree(response.body()).get("usage").get("prompt_tokens").asInt()).isPositive();
    }

    @Test
    void thePoolShowsWhereTheOnnxEmbeddingModelRunsAndWhy() throws Exception {
        assertThat(gatehouse.post("/v1/embeddings", "{\"input\":\"a cat\"}").statusCode()).isEqualTo(200);

        JsonNode minilm = null;
        for (JsonNode m : JSON.readTree(gatehouse.get("/v1/pool").body()).get("models")) {
            if (m.get("id").asText().equals("minilm")) minilm = m;
        }

        assertThat(minilm.get("engine").asText()).isEqualTo("onnxruntime");
        assertThat(minilm.get("engineVersion").asText()).isEqualTo("1.23.2");
        var placement = dev.gatehouse.natives.NativeLibraries.onnxPlacement();
        if (placement.cuda()) {
            // a machine with onnx-cuda installed and usable: CUDA, unless the session fell back and said why
            assertThat(minilm.get("backend").asText()).isIn("cuda", "cpu");
        } else {
            assertThat(minilm.get("backend").asText()).isEqualTo("cpu");
            assertThat(minilm.get("backendReason").asText()).isEqualTo(placement.reason());
        }
        assertThat(minilm.get("backendReason").asText()).isNotBlank();
    }

    @Test
    void twoChatModelsServeAtOnceEachInAWorkerProcessOfItsOwn() throws Exception {
        for (String model : List.of("random", "random-f16", "stories")) {
            var response = gatehouse.post("/v1/chat/completions", "{\"model\":\"" + model
                    + "\",\"messages\":[{\"role\":\"user\",\"content\":\"Once upon a time\"}],\"max_tokens\":4}");
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(response.headers().firstValue("x-gatehouse-model")).hasValue(model);
        }
        var workers = gatehouse.pool.status().stream()
                .filter(s -> s.spec().format() == ModelFormat.GGUF && s.state() == ModelState.READY)
                .map(ModelStatus::workerPid).toList();
        assertThat(workers).hasSizeGreaterThanOrEqualTo(3).doesNotHaveDuplicates()
                .allSatisfy(pid -> assertThat(ProcessHandle.of(pid)).hasValueSatisfying(p -> assertThat(p.isAlive()).isTrue()));
    }

    @Test
    void stories260kTellsAStoryInEnglish() throws Exception {
        var response = gatehouse.post("/v1/chat/completions", """
                {"model":"stories","messages":[{"role":"user","content":"Once upon a time"}],
                 "max_tokens":24,"temperature":0,"seed":1}""");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("x-gatehouse-model")).hasValue("stories");
        String text = JSON.readTree(response.body()).get("choices").get(0).get("message").get("content").asText();
        assertThat(text).matches("(?s).*\\b[a-z]+ [a-z]+\\b.*");
    }

    @Test
    void logprobsComeBackInOpenAisShapeFromTheLlamaCppEngine() throws Exception {
        var response = gatehouse.post("/v1/chat/completions", """
                {"model":"stories","messages":[{"role":"user","content":"Once upon a time"}],
                 "max_tokens":8,"temperature":0,"logprobs":true,"top_logprobs":2}""");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode choice = JSON.readTree(response.body()).get("choices").get(0);
        JsonNode content = choice.get("logprobs").get("content");
        assertThat(content).hasSize(JSON.readTree(response.body()).get("usage").get("completion_tokens").asInt());
        StringBuilder joined = new StringBuilder();
        for (JsonNode token : content) {
            assertThat(token.get("logprob").asDouble()).isLessThanOrEqualTo(0.0);
            assertThat(token.get("top_logprobs")).hasSize(2);
            joined.append(token.get("token").asText());
        }
        assertThat(joined.toString()).isEqualTo(choice.get("message").get("content").asText());
        var pool = JSON.readTree(gatehouse.get("/v1/pool").body()).get("models");
        JsonNode stories = null;
        for (JsonNode m : pool) if (m.get("id").asText().equals("stories")) stories = m;
        assertThat(stories.get("engine").asText()).isEqualTo("llama.cpp");
        assertThat(stories.get("backend").asText()).isEqualTo("cpu");
    }

    @Test
    void aJsonSchemaAnswerFromTheStoriesModelParsesAndFollowsTheSchema() throws Exception {
        var response = gatehouse.post("/v1/chat/completions", """
                {"model":"stories","messages":[{"role":"user","content":"Once upon a time"}],"max_tokens":120,
                 "seed":4,"response_format":{"type":"json_schema","json_schema":{"name":"pet","schema":
                 {"type":"object","properties":{"pet":{"enum":["cat","dog"]},"name":{"type":"string","maxLength":10}},
                  "required":["pet","name"],"additionalProperties":false}}}}""");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        String text = JSON.readTree(response.body()).get("choices").get(0).get("message").get("content").asText();
        JsonNode answer = JSON.readTree(text);
        assertThat(answer.get("pet").asText()).isIn("cat", "dog");
        assertThat(answer.get("name").asText().length()).isLessThanOrEqualTo(10);
    }

    @Test
    void theOldEngineRefusesLogprobsByNameInsteadOfDroppingThem() throws Exception {
        String body = """
                {"model":"stories-old","messages":[{"role":"user","content":"Once upon a time"}],
                 "max_tokens":4,"logprobs":true}""";
        // with fallbacks on, a model that can honour logprobs answers instead, and the headers say so
        var fellBack = gatehouse.post("/v1/chat/completions", body);
        assertThat(fellBack.statusCode()).as(fellBack.body()).isEqualTo(200);
        assertThat(fellBack.headers().firstValue("x-gatehouse-fallback-from")).hasValueSatisfying(
                from -> assertThat(from).contains("stories-old"));
        assertThat(JSON.readTree(fellBack.body()).get("choices").get(0).get("logprobs").get("content")).isNotEmpty();

        var response = gatehouse.post("/v1/chat/completions", body, "x-gatehouse-fallbacks", "off");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        JsonNode error = JSON.readTree(response.body()).get("error");
        assertThat(error.get("param").asText()).isEqualTo("logprobs");
        assertThat(error.get("message").asText()).contains("java-llama.cpp");
    }

    @Test
    void aRequestWithToolsIsRoutedToTheModelWhoseTemplateTakesToolsAndStreamsItsCall() throws Exception {
        var response = gatehouse.post("/v1/chat/completions", """
                {"model":"auto","stream":true,"max_tokens":200,"seed":3,
                 "messages":[{"role":"user","content":"What is the weather in Oslo?"}],
                 "tools":[{"type":"function","function":{"name":"get_weather","parameters":{"type":"object",
                   "properties":{"city":{"type":"string","maxLength":10}},"required":["city"]}}}],
                 "tool_choice":"required"}""");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("x-gatehouse-model")).hasValue("stories-tools");
        List<String> events = ChatStreamingTest.events(response.body());
        JsonNode call = null;
        String finish = null;
        for (String event : events) {
            if (event.equals("[DONE]")) continue;
            JsonNode choice = ChatStreamingTest.parse(event).get("choices").get(0);
            if (choice == null) continue;
            JsonNode calls = choice.get("delta").get("tool_calls");
            if (calls != null) call = calls.get(0);
            if (choice.hasNonNull("finish_reason")) finish = choice.get("finish_reason").asText();
        }
        assertThat(finish).isEqualTo("tool_calls");
        assertThat(call.get("function").get("name").asText()).isEqualTo("get_weather");
        assertThat(JSON.readTree(call.get("function").get("arguments").asText()).get("city").isTextual()).isTrue();
    }
}
