package dev.gatehouse.router.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.inference.NativeModelLoader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Issue 13: a fresh clone with nothing beside it serves chat. The repository's own models.yaml, policy.yaml and
 * gatehouse.yaml, an empty models directory, the real loader (worker process, llama.cpp): the answer comes from the
 * stories260K model inside the jar.
 */
class FreshCloneServeTest {
    private static final Path REPO = Path.of("..").toAbsolutePath().normalize();

    @TempDir
    Path dir;
    Path emptyModels;
    Map<String, String> env;

    @BeforeEach
    void repositoryDefaultsWithAnEmptyModelsDirectory() throws Exception {
        emptyModels = Files.createDirectory(dir.resolve("models"));
        // the repository's gatehouse.yaml as it is, with the decision log kept out of the source tree
        Path config = Files.writeString(dir.resolve("gatehouse.yaml"),
                Files.readString(REPO.resolve("gatehouse.yaml")) + "\ndecisionLog:\n  dir: " + dir.resolve("logs") + "\n");
        env = Map.of("GATEHOUSE_CONFIG", config.toString(), "GATEHOUSE_MANIFEST", REPO.resolve("models.yaml").toString(),
                "GATEHOUSE_MODELS_DIR", emptyModels.toString());
    }

    @Test
    void serveWithTheRepositoryDefaultsAnswersChatFromTheBuiltinStoriesModel() throws Exception {
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new GatehouseCli(env,
                modelsDir -> NativeModelLoader.create(modelsDir, dir.resolve("run"))));
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(out, true));
        ServeCommand serve = cli.getSubcommands().get("serve").getCommand();

        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> cli.execute("serve", "--port", "0",
                "--policy", REPO.resolve("policy.yaml").toString()));
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (!out.toString().matches("(?s).*\\n(not )?ready\\n.*") && System.nanoTime() < deadline
                    && !exit.isDone()) {
                Thread.sleep(50);
            }
            assertThat(out.toString()).contains("stories260k: ready", "minilm: ready", "\nready");
            Matcher url = Pattern.compile("http://localhost:(\\d+)").matcher(out.toString());
            assertThat(url.find()).as(out.toString()).isTrue();

            try (HttpClient http = HttpClient.newHttpClient()) {
                var chat = http.send(HttpRequest.newBuilder(URI.create(url.group() + "/v1/chat/completions"))
                        .POST(HttpRequest.BodyPublishers.ofString("""
                                {"messages":[{"role":"user","content":"Once upon a time"}],"max_tokens":24,
                                 "temperature":0,"seed":1}""")).build(),
                        HttpResponse.BodyHandlers.ofString());

                assertThat(chat.statusCode()).as(chat.body()).isEqualTo(200);
                assertThat(chat.headers().firstValue("x-gatehouse-model")).hasValue("stories260k");
                JsonNode body = new ObjectMapper().readTree(chat.body());
                String content = body.at("/choices/0/message/content").asText();
                // stories260K writes small English words; random weights would not
                assertThat(content.split("\\W+")).as(content).hasSizeGreaterThanOrEqualTo(3);
                assertThat(body.at("/usage/completion_tokens").asInt()).isBetween(1, 24);
            }
            try (var files = Files.list(emptyModels)) {
                assertThat(files).as("the builtin is not copied into the models directory").isEmpty();
            }
        } finally {
            serve.stop.countDown();
        }
        assertThat(exit.get(30, TimeUnit.SECONDS)).isZero();
    }

    @Test
    void modelsListsTheBuiltinChatModelAsPresent() throws Exception {
        StringWriter out = new StringWriter();
        int code = GatehouseCli.run(new String[] {"models", "--json"}, new PrintWriter(out, true),
                new PrintWriter(out, true), env, modelsDir -> null);

        assertThat(code).as(out.toString()).isZero();
        JsonNode stories = null;
        for (JsonNode model : new ObjectMapper().readTree(out.toString())) {
            if (model.get("id").asText().equals("stories260k")) {
                stories = model;
            }
        }
        assertThat(stories).as(out.toString()).isNotNull();
        assertThat(stories.get("builtin").asText()).isEqualTo("stories260k");
        assertThat(stories.get("present").asBoolean()).isTrue();
        assertThat(stories.get("architecture").asText()).isEqualTo("llama");
        assertThat(stories.get("file").asText()).endsWith("stories260K.gguf").doesNotStartWith(emptyModels.toString());
    }

    @Test
    void modelsTableSaysBuiltinForBothShippedModels() {
        StringWriter out = new StringWriter();
        int code = GatehouseCli.run(new String[] {"models"}, new PrintWriter(out, true), new PrintWriter(out, true),
                env, modelsDir -> null);

        assertThat(code).as(out.toString()).isZero();
        assertThat(out.toString()).doesNotContain("MISSING").contains("builtin:stories260k", "builtin:all-minilm-l6-v2");
    }

    @Test
    void configValidateAcceptsTheRepositoryDefaultsWithoutAnyModelFile() {
        StringWriter out = new StringWriter();
        int code = GatehouseCli.run(new String[] {"config", "validate"}, new PrintWriter(out, true),
                new PrintWriter(out, true), env, modelsDir -> null);

        assertThat(code).as(out.toString()).isZero();
        assertThat(out.toString()).contains("valid").doesNotContain("error");
    }
}
