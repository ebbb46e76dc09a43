package dev.gatehouse.router;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.manifest.gguf.SharedModels;
import dev.gatehouse.inference.ModelPool;
import dev.gatehouse.inference.NativeModelLoader;
import dev.gatehouse.inference.PoolSettings;
import dev.gatehouse.manifest.ManifestReader;
import dev.gatehouse.manifest.gguf.RandomLlamaGguf;
import dev.gatehouse.manifest.gguf.RandomLlamaSpec;
import dev.gatehouse.router.http.Components;
import dev.gatehouse.router.http.GatehouseServer;
import io.helidon.webserver.WebServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.TestAbortedException;

/**
 * The official {@code openai} npm client against a real Gatehouse server: real pool, real native loader (chat in a
 * worker process, the builtin minilm embeddings in process), real HTTP on a random port. What the client accepts is
 * the compatibility that matters; the Java tests in {@code router.http} pin the wire format byte by byte.
 */
class OpenAiClientCompatibilityTest {

    private static final String EMBEDDINGS = """
              - id: minilm
                builtin: all-minilm-l6-v2
                format: onnx
                tasks: [embeddings]
                default: true
            """;

    private static OfficialOpenAiClient client;
    /** Why the client could not be installed; each test then reports itself skipped with it. */
    private static String notInstalled;

    @TempDir
    Path dir;

    @BeforeAll
    static void installTheOfficialClientFromNpm() {
        try {
            client = OfficialOpenAiClient.install();
        } catch (TestAbortedException e) {
            notInstalled = e.getMessage(); // aborting here would hide the tests from surefire's skipped count
        }
    }

    @BeforeEach
    void requireTheOfficialClient() {
        if (notInstalled != null) {
            Assumptions.abort(notInstalled);
        }
    }

    @Test
    void officialClientListsModelsChatsStreamsEmbedsAndReadsOurErrorsAsItsOwnTypes() throws Exception {
        Path models = Files.createDirectory(dir.resolve("models"));
        RandomLlamaGguf.write(models.resolve("tiny.gguf"), RandomLlamaSpec.tiny());
        String manifest = """
                models:
                  - id: tiny
                    file: tiny.gguf
                    tasks: [chat]
                    tier: small
                    default: true
                """ + EMBEDDINGS;

        JsonNode results;
        try (Served served = Served.start(manifest, models, dir.resolve("run"))) {
            results = passingRun(served, Map.of("GATEHOUSE_CHAT_MODEL", "tiny",
                    "GATEHOUSE_EMBEDDING_MODEL", "minilm"));
        }

        assertThat(texts(results.at("/models/ids"))).contains("tiny", "minilm");

        assertThat(results.at("/chat/content").asText()).isNotEmpty();
        assertThat(results.at("/chat/finishReason").asText()).isIn("stop", "length");
        assertThat(results.at("/chat/usage/prompt_tokens").asInt()).isPositive();
        assertThat(results.at("/chat/usage/completion_tokens").isInt()).isTrue();

        assertThat(results.at("/stream/content").asText()).isNotEmpty();
        assertThat(results.at("/stream/chunks").asInt()).as("role, content, finish and usage chunks")
                .isGreaterThanOrEqualTo(4);
        assertThat(results.at("/stream/usage/prompt_tokens").asInt()).isPositive();
        // same prompt, same seed, same model: streaming must not change what is generated
        assertThat(results.at("/stream/content").asText()).isEqualTo(results.at("/chat/content").asText());
        assertThat(results.at("/stream/usage")).isEqualTo(results.at("/chat/usage"));

        assertThat(results.at("/embeddings/single").toString()).isEqualTo("[384]");
        assertThat(results.at("/embeddings/batch").toString()).isEqualTo("[384,384]");
        assertThat(results.at("/embeddings/float").toString()).isEqualTo("[384]");
        assertThat(results.at("/embeddings/maxDifference").asDouble()).isLessThan(1e-6);

        JsonNode unknownModel = results.at("/errors/unknownModel");
        assertThat(unknownModel.get("name").asText()).isEqualTo("NotFoundError");
        assertThat(unknownModel.get("status").asInt()).isEqualTo(404);
        assertThat(unknownModel.get("message").asText()).contains("no-such-model");
        assertThat(unknownModel.get("code").asText()).isEqualTo("model_not_found");
        assertThat(results.at("/errors/unknownModelStream/name").asText()).isEqualTo("NotFoundError");
        JsonNode twoChoices = results.at("/errors/n");
        assertThat(twoChoices.get("name").asText()).isEqualTo("BadRequestError");
        assertThat(twoChoices.get("status").asInt()).isEqualTo(400);
        assertThat(twoChoices.get("param").asText()).isEqualTo("n");
        assertThat(twoChoices.get("message").asText()).contains("only 1 choice");
    }

    @Test
    void officialClientChatsAndStreamsEnglishStoriesFromStories260K() throws Exception {
        Path stories = SharedModels.require("stories260K.gguf").toAbsolutePath();
        String manifest = """
                models:
                  - id: stories260k
                    file: %s
                    tasks: [chat]
                    tier: small
                    default: true
                """.formatted(stories);

        JsonNode results;
        try (Served served = Served.start(manifest, dir, dir.resolve("run"))) {
            results = passingRun(served, Map.of("GATEHOUSE_CHAT_MODEL", "stories260k",
                    "GATEHOUSE_CHECKS", "models,chat,stream"));
        }

        assertThat(texts(results.at("/models/ids"))).contains("stories260k");
        for (String text : List.of(results.at("/chat/content").asText(), results.at("/stream/content").asText())) {
            assertThat(text).as("mostly letters, spaces and punctuation").matches(t -> englishShare(t) >= 0.9);
            assertThat(text.toLowerCase().split("[^a-z]+")).as("words of a children's story")
                    .containsAnyOf("the", "a", "was", "and", "to", "he", "she", "it", "upon", "time", "there");
        }
    }

    /** A real Gatehouse over a manifest, as {@code serve} wires it but with the worker logs in the test's folder. */
    @Test
    void officialClientReadsLogprobsJsonSchemaAnswersAndToolCallsFromTheLlamaCppEngine() throws Exception {
        String manifest = """
                models:
                  - id: stories260k
                    builtin: stories260k
                    tasks: [chat]
                    default: true
                    context: 1024
                  - id: stories-tools
                    builtin: stories260k
                    tasks: [chat]
                    context: 1024
                    chatTemplate: "{% if tools %}<|im_start|>system\\nTools: {{ tools | tojson }}<|im_end|>\\n{% endif %}{% for m in messages %}<|im_start|>{{ m.role }}\\n{% if m.tool_calls %}{% for c in m.tool_calls %}<tool_call>{{ c.function | tojson }}</tool_call>{% endfor %}{% elif m.role == 'tool' %}<tool_response>{{ m.content }}</tool_response>{% else %}{{ m.content }}{% endif %}<|im_end|>\\n{% endfor %}{% if add_generation_prompt %}<|im_start|>assistant\\n{% endif %}"
                """ + EMBEDDINGS;
        JsonNode results;
        try (Served served = Served.start(manifest, Files.createDirectory(dir.resolve("models")), dir.resolve("run"))) {
            results = passingRun(served, Map.of("GATEHOUSE_CHAT_MODEL", "stories260k",
                    "GATEHOUSE_TOOLS_MODEL", "stories-tools", "GATEHOUSE_CHECKS", "features"));
        }
        assertThat(results.at("/features/logprobs").asInt()).isPositive();
        assertThat(results.at("/features/json/pet").asText()).isIn("cat", "dog");
        assertThat(results.at("/features/toolCall/function/name").asText()).isEqualTo("get_weather");
        assertThat(results.at("/features/finish").asText()).isEqualTo("tool_calls");
    }

    private record Served(ModelPool pool, WebServer server) implements AutoCloseable {
        static Served start(String manifestYaml, Path models, Path runDir) {
            var manifest = ManifestReader.parse(manifestYaml, "compat-test.yaml");
            var pool = new ModelPool(manifest, new PoolSettings(1, 4, Duration.ofSeconds(30), 512),
                    NativeModelLoader.create(models, runDir));
            try {
                pool.start();
                assertThat(pool.ready()).as("default models loaded: %s", pool.status()).isTrue();
                // unknown model names are refused here, so the client's NotFoundError mapping stays checked
                var policy = dev.gatehouse.router.policy.PolicyReader.parse("unknownModels: reject\n", "compat policy");
                var components = Components.of(pool, 1 << 20, Duration.ofSeconds(60), false,
                        dev.gatehouse.router.routing.RouterSetup.build(policy, "compat policy", pool, 8, null, null,
                                java.time.Clock.systemUTC()));
                return new Served(pool, GatehouseServer.start("127.0.0.1", 0, components));
            } catch (RuntimeException | AssertionError e) {
                pool.close();
                throw e;
            }
        }

        String baseUrl() {
            return "http://127.0.0.1:" + server.port() + "/v1";
        }

        @Override
        public void close() {
            server.stop();
            pool.close();
        }
    }

    private static JsonNode passingRun(Served served, Map<String, String> env) {
        Map<String, String> all = new HashMap<>(env);
        all.put("GATEHOUSE_BASE_URL", served.baseUrl());
        OfficialOpenAiClient.Run run = client.compat(all);
        System.out.println("compat.mjs against " + served.baseUrl() + ": " + run.stdout().strip());
        assertThat(run.exitCode()).as(run.describe()).isZero();
        assertThat(run.result()).as(run.describe()).isNotNull();
        assertThat(run.result().get("ok").asBoolean()).as(run.describe()).isTrue();
        return run.result().get("results");
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.asText()));
        return texts;
    }

    private static double englishShare(String text) {
        if (text.isEmpty()) {
            return 0;
        }
        long english = text.chars().filter(c -> Character.isLetter(c) && c < 128 || " \n.,'!?\"-:;".indexOf(c) >= 0)
                .count();
        return (double) english / text.length();
    }
}
