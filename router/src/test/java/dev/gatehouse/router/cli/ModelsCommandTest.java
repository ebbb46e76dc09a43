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
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code gatehouse models}: declared (manifest) next to present (disk, checksums) next to loaded (a running server). */
class ModelsCommandTest {

    @TempDir
    Path dir;
    Path models;
    Path manifest;
    Path config;
    String tinySha256;

    @BeforeEach
    void writeModels() throws Exception {
        models = Files.createDirectory(dir.resolve("models"));
        RandomLlamaGguf.write(models.resolve("tiny.gguf"), RandomLlamaSpec.tiny());
        RandomLlamaGguf.write(models.resolve("other.gguf"), RandomLlamaSpec.tiny());
        Files.write(models.resolve("other.gguf"), new byte[] {1}, java.nio.file.StandardOpenOption.APPEND);
        tinySha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(Files.readAllBytes(models.resolve("tiny.gguf"))));
        manifest = dir.resolve("models.yaml");
        Files.writeString(manifest, """
                models:
                  - id: tiny
                    file: tiny.gguf
                    url: https://example.org/tiny.gguf
                    sha256: "%s"
                    tasks: [chat]
                    default: true
                  - id: other
                    file: other.gguf
                    sha256: "%s"
                    tasks: [chat]
                  - id: absent
                    file: absent.gguf
                    tasks: [chat]
                """.formatted(tinySha256, tinySha256));
        config = dir.resolve("gatehouse.yaml");
    }

    @Test
    void aRunningServerOnTheConfiguredPortShowsWhatItLoadedAndAStoppedOneShowsNotRunning() throws Exception {
        Path policy = dir.resolve("policy.yaml");
        Files.writeString(policy, "targets:\n  - id: tiny\n    tier: small\n    quality: {default: 0.3}\n");
        Files.writeString(manifest, Files.readString(manifest).replaceAll("(?s)  - id: other.*", ""));
        Files.writeString(config, "decisionLog:\n  dir: " + dir.resolve("logs") + "\n");
        StringWriter serveOut = new StringWriter();
        CommandLine cli = new CommandLine(new GatehouseCli(Map.of("GATEHOUSE_MANIFEST", manifest.toString(),
                "GATEHOUSE_MODELS_DIR", models.toString(), "GATEHOUSE_CONFIG", config.toString()),
                modelsDir -> new EchoModels()));
        cli.setOut(new PrintWriter(serveOut, true));
        cli.setErr(new PrintWriter(serveOut, true));
        ServeCommand serve = cli.getSubcommands().get("serve").getCommand();
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> cli.execute("serve", "--port", "0",
                "--policy", policy.toString()));
        int port;
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90); // startup loads the embedding model: slow on a busy machine
            while (!serveOut.toString().contains("\nready") && System.nanoTime() < deadline && !exit.isDone()) {
                Thread.sleep(20);
            }
            Matcher url = Pattern.compile("http://localhost:(\\d+)").matcher(serveOut.toString());
            assertThat(url.find()).as(serveOut.toString()).isTrue();
            port = Integer.parseInt(url.group(1));
            Files.writeString(config, "port: " + port + "\n");

            StringWriter out = new StringWriter();
            assertThat(run(out, "models", "--config", config.toString())).isZero();

            assertThat(row(out, "tiny")).contains(" ready ");
            assertThat(out.toString()).contains("server http://127.0.0.1:" + port + ": running, 2 of 2 models loaded");
        } finally {
            serve.stop.countDown();
        }
        assertThat(exit.get(60, TimeUnit.SECONDS)).isZero();

        StringWriter out = new StringWriter();
        run(out, "models", "--config", config.toString());

        assertThat(row(out, "tiny")).contains(" not running ");
        assertThat(out.toString()).contains("server on port " + port + ": not running");
    }

    @Test
    void verifyReadsEachFileAndMarksAMatchOkAndAMismatchAsAnErrorThatFailsTheCommand() throws IOException {
        Files.writeString(config, "port: " + closedPort() + "\n");
        StringWriter out = new StringWriter();

        int code = run(out, "models", "--verify", "--config", config.toString());

        assertThat(code).isEqualTo(1);
        assertThat(row(out, "tiny")).contains(tinySha256.substring(0, 10) + " ok");
        assertThat(row(out, "other")).contains("MISMATCH");
        assertThat(row(out, "absent")).contains("MISSING");
        assertThat(out.toString()).contains("models[1].sha256: expected " + tinySha256);
    }

    @Test
    void withoutVerifyTheDeclaredChecksumIsShownUnreadAndTheCommandSucceeds() throws IOException {
        Files.writeString(config, "port: " + closedPort() + "\n");
        StringWriter out = new StringWriter();

        assertThat(run(out, "models", "--config", config.toString())).isZero();

        assertThat(row(out, "other")).contains(tinySha256.substring(0, 10)).doesNotContain("MISMATCH", " ok ");
    }

    @Test
    void jsonKeepsItsKeysAndAddsUrlChecksumAndLoaded() throws IOException {
        Files.writeString(config, "port: " + closedPort() + "\n");
        StringWriter out = new StringWriter();

        run(out, "models", "--json", "--verify", "--config", config.toString());

        JsonNode tiny = new ObjectMapper().readTree(out.toString()).get(0);
        assertThat(tiny.fieldNames()).toIterable().contains("id", "engine", "backend", "engineVersion", "aliases",
                "format", "tasks", "tier", "default", "file", "builtin", "present", "sizeBytes", "architecture",
                "trainedContext", "quantization");
        assertThat(tiny.get("url").asText()).isEqualTo("https://example.org/tiny.gguf");
        assertThat(tiny.get("sha256").asText()).isEqualTo(tinySha256);
        assertThat(tiny.get("checksum").asText()).isEqualTo("ok");
        assertThat(tiny.get("loaded").asText()).isEqualTo("not running");
    }

    private int run(StringWriter out, String... args) {
        String[] all = new String[args.length + 4];
        System.arraycopy(args, 0, all, 0, args.length);
        System.arraycopy(new String[] {"--manifest", manifest.toString(), "--models-dir", models.toString()}, 0, all,
                args.length, 4);
        return GatehouseCli.run(all, new PrintWriter(out), new PrintWriter(new StringWriter()), Map.of(),
                d -> GatehouseCliTest.NO_LOADS);
    }

    private static String row(StringWriter out, String id) {
        return out.toString().lines().filter(l -> l.startsWith(id + " ")).findFirst().orElseThrow();
    }

    private static int closedPort() throws IOException {
        try (var socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
