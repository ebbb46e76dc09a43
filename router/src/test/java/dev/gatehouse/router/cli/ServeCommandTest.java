package dev.gatehouse.router.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.manifest.gguf.RandomLlamaGguf;
import dev.gatehouse.manifest.gguf.RandomLlamaSpec;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ServeCommandTest {

    @TempDir
    Path dir;

    @Test
    void serveReadsTheEnvironmentPrintsItsUrlLoadsDefaultModelsAndAnswers() throws Exception {
        Path models = Files.createDirectory(dir.resolve("models"));
        RandomLlamaGguf.write(models.resolve("tiny.gguf"), RandomLlamaSpec.tiny());
        Path manifest = dir.resolve("models.yaml");
        Files.writeString(manifest, """
                models:
                  - id: tiny
                    file: tiny.gguf
                    tasks: [chat]
                    tier: small
                    default: true
                """);
        Path config = dir.resolve("gatehouse.yaml");
        Files.writeString(config, "decisionLog:\n  dir: " + dir.resolve("logs") + "\n");
        Path policy = dir.resolve("policy.yaml");
        Files.writeString(policy, "targets:\n  - id: tiny\n    tier: small\n    quality: {default: 0.3}\n");
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new GatehouseCli(
                Map.of("GATEHOUSE_MANIFEST", manifest.toString(), "GATEHOUSE_MODELS_DIR", models.toString(),
                        "GATEHOUSE_CONFIG", config.toString()),
                modelsDir -> new EchoModels()));
        cli.setOut(new PrintWriter(out, true));
        ServeCommand serve = cli.getSubcommands().get("serve").getCommand();

        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> cli.execute("serve", "--port", "0",
                "--policy", policy.toString()));
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            // "tiny: ready" comes first; the line that is only "ready" follows once every default model is up
            while (!out.toString().contains("\nready") && System.nanoTime() < deadline && !exit.isDone()) {
                Thread.sleep(20);
            }
            Matcher url = Pattern.compile("http://localhost:(\\d+)").matcher(out.toString());
            assertThat(url.find()).as(out.toString()).isTrue();
            assertThat(out.toString()).contains("tiny: ready", "\nready");
            assertThat(out.toString()).as("no review.store configured")
                    .contains("pending reviews are kept in memory only and do not survive a restart");

            try (HttpClient http = HttpClient.newHttpClient()) {
                var ready = http.send(HttpRequest.newBuilder(URI.create(url.group() + "/health/ready")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(ready.statusCode()).isEqualTo(200);
                var chat = http.send(HttpRequest.newBuilder(URI.create(url.group() + "/v1/chat/completions"))
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"messages\":[{\"role\":\"user\",\"content\":\"echo me\"}]}")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(chat.statusCode()).isEqualTo(200);
                assertThat(chat.body()).contains("\"content\":\"echo me\"");
                // a chat message is unlike the shipped model's four-option training questions: it says so
                assertThat(chat.headers().firstValue("x-gatehouse-reasons")).hasValue("best_score,difficulty_unfamiliar");
                var route = http.send(HttpRequest.newBuilder(URI.create(url.group() + "/v1/route"))
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(route.body()).contains("\"target\":\"tiny\"");
                assertThat(out.toString()).contains("policy " + policy);
                assertThat(dir.resolve("logs").resolve("decisions.jsonl")).exists();
            }
        } finally {
            serve.stop.countDown();
        }
        assertThat(exit.get(20, TimeUnit.SECONDS)).isZero();
    }
}
