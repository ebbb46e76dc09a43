package dev.gatehouse.router.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server jar as {@code ./gatehouse} runs it: beside the lab jar on the class path. Helidon reads its service
 * index differently once a second jar with a manifest is there, so this runs the packaged jar itself (the module
 * tests run on class folders, where the difference never shows).
 */
class ServerJarClassPathTest {
    private static final Path SERVER_JAR = Path.of("..", "target", "gatehouse.jar").toAbsolutePath().normalize();
    private static final Path REPOSITORY = Path.of("..", "..").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    @Test
    void theServerJarAnswersAChatWithASecondJarOnTheClassPath() throws Exception {
        if (!Files.isRegularFile(SERVER_JAR)) {
            String why = "SKIPPED LOUDLY: " + SERVER_JAR + " is not built; `./mvnw -B verify` packages it before the"
                    + " lab's tests run";
            System.err.println("\n*** " + why + " ***\n");
            Assumptions.abort(why);
        }
        Path secondJar = dir.resolve("second.jar");
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        try (var jar = new JarOutputStream(Files.newOutputStream(secondJar), manifest)) {
            jar.flush();
        }
        Path config = dir.resolve("gatehouse.yaml");
        Files.writeString(config, "decisionLog:\n  dir: " + dir.resolve("logs") + "\n");
        var command = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", SERVER_JAR + ":" + secondJar,
                "dev.gatehouse.router.cli.GatehouseCli", "serve", "--port", "0")
                .directory(dir.toFile()).redirectErrorStream(true);
        command.environment().put("GATEHOUSE_CONFIG", config.toString());
        command.environment().put("GATEHOUSE_MANIFEST", REPOSITORY.resolve("models.yaml").toString());
        command.environment().put("GATEHOUSE_MODELS_DIR", Files.createDirectory(dir.resolve("models")).toString());
        Process server = command.start();
        try {
            BlockingQueue<String> lines = new LinkedBlockingQueue<>();
            Thread.ofVirtual().start(() -> {
                try (var out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8))) {
                    out.lines().forEach(lines::add);
                } catch (java.io.IOException e) {
                    lines.add("(output closed: " + e.getMessage() + ")");
                }
            });
            String url = null;
            StringBuilder seen = new StringBuilder();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (System.nanoTime() < deadline) {
                String line = lines.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                if (line == null) break;
                seen.append(line).append('\n');
                Matcher m = Pattern.compile("listening on (http://localhost:\\d+)").matcher(line);
                if (m.find()) url = m.group(1);
                if (line.equals("ready") || line.startsWith("not ready")) break;
            }
            assertThat(url).as(seen.toString()).isNotNull();

            try (HttpClient http = HttpClient.newHttpClient()) {
                var chat = http.send(HttpRequest.newBuilder(URI.create(url + "/v1/chat/completions"))
                        .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"auto\",\"max_tokens\":4,"
                                + "\"messages\":[{\"role\":\"user\",\"content\":\"Once upon a time\"}]}"))
                        .build(), HttpResponse.BodyHandlers.ofString());
                assertThat(chat.statusCode()).as(chat.body()).isEqualTo(200);
                assertThat(chat.body()).contains("\"object\":\"chat.completion\"");
            }
        } finally {
            server.destroy();
            if (!server.waitFor(20, TimeUnit.SECONDS)) server.destroyForcibly();
        }
    }
}
