package dev.gatehouse.router.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code serve} and who it lets in: loopback by default, keys or an explicit {@code auth: open} elsewhere. */
class ServeAccessTest {

    @TempDir
    Path dir;
    Path models;
    Path manifest;
    Path policy;

    @BeforeEach
    void files() throws Exception {
        models = Files.createDirectory(dir.resolve("models"));
        RandomLlamaGguf.write(models.resolve("tiny.gguf"), RandomLlamaSpec.tiny());
        manifest = Files.writeString(dir.resolve("models.yaml"), """
                models:
                  - id: tiny
                    file: tiny.gguf
                    tasks: [chat]
                    tier: small
                    default: true
                """);
        policy = Files.writeString(dir.resolve("policy.yaml"),
                "targets:\n  - id: tiny\n    tier: small\n    quality: {default: 0.3}\n");
    }

    /** A serve command line running in the background, its output and its URL. */
    final class Serving implements AutoCloseable {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final CompletableFuture<Integer> exit;
        final ServeCommand serve;
        final HttpClient http = HttpClient.newHttpClient();
        String url;

        Serving(String config, String... extra) throws Exception {
            Path file = Files.writeString(dir.resolve("gatehouse.yaml"), config + "decisionLog:\n  dir: "
                    + dir.resolve("logs") + "\n");
            CommandLine cli = new CommandLine(new GatehouseCli(Map.of("GATEHOUSE_MANIFEST", manifest.toString(),
                    "GATEHOUSE_MODELS_DIR", models.toString(), "GATEHOUSE_CONFIG", file.toString()),
                    modelsDir -> new EchoModels()));
            cli.setOut(new PrintWriter(out, true));
            cli.setErr(new PrintWriter(err, true));
            serve = cli.getSubcommands().get("serve").getCommand();
            String[] args = new String[4 + extra.length];
            System.arraycopy(new String[] {"serve", "--port", "0", "--policy=" + policy}, 0, args, 0, 4);
            System.arraycopy(extra, 0, args, 4, extra.length);
            exit = CompletableFuture.supplyAsync(() -> cli.execute(args));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!out.toString().contains("ready") && System.nanoTime() < deadline && !exit.isDone()) {
                Thread.sleep(20);
            }
            Matcher m = Pattern.compile("http://[^:]+:(\\d+)").matcher(out.toString());
            if (m.find()) url = "http://127.0.0.1:" + m.group(1);
        }

        HttpResponse<String> send(String method, String path, String body, String key) throws Exception {
            var b = HttpRequest.newBuilder(URI.create(url + path)).method(method, body == null
                    ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
            if (key != null) b.header("Authorization", "Bearer " + key);
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        }

        @Override
        public void close() throws Exception {
            serve.stop.countDown();
            if (url != null) assertThat(exit.get(20, TimeUnit.SECONDS)).isZero();
            http.close();
        }
    }

    static final String CHAT = "{\"messages\":[{\"role\":\"user\",\"content\":\"echo me\"}]}";

    @Test
    void everyInterfaceWithoutKeysRefusesToStartAndSaysHowToFixIt() throws Exception {
        try (Serving s = new Serving("host: 0.0.0.0\n")) {
            assertThat(s.exit.get(20, TimeUnit.SECONDS)).isEqualTo(1);
            assertThat(s.url).isNull();
            assertThat(s.err.toString()).contains("host: host 0.0.0.0 is reachable from other machines and no API "
                    + "keys are configured", "gatehouse keys add", "auth: open");
        }
    }

    @Test
    void authOpenOnEveryInterfaceStartsAndSaysSoLoudlyAtStartupAndOnHealth() throws Exception {
        try (Serving s = new Serving("host: 0.0.0.0\nauth: open\n")) {
            assertThat(s.url).as(s.out + "\n" + s.err).isNotNull();
            assertThat(s.err.toString()).contains("WARNING: auth: open", "WITHOUT an API key");
            assertThat(s.out.toString()).contains("WARNING: auth: open");
            JsonNode health = new ObjectMapper().readTree(s.send("GET", "/health", null, null).body());
            assertThat(health.get("auth").asText()).isEqualTo("open");
            assertThat(health.get("warning").asText()).contains("without an API key");
            assertThat(s.send("POST", "/v1/chat/completions", CHAT, null).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void theDefaultBindsLoopbackAndServesThisMachineWithoutKeys() throws Exception {
        try (Serving s = new Serving("")) {
            assertThat(s.url).as(s.out + "\n" + s.err).isNotNull();
            assertThat(s.out.toString()).contains("no API keys: only this machine can connect (127.0.0.1)");
            assertThat(s.send("POST", "/v1/chat/completions", CHAT, null).statusCode()).isEqualTo(200);
            assertThat(new ObjectMapper().readTree(s.send("GET", "/health", null, null).body()).get("auth").asText())
                    .isEqualTo("loopback");
        }
    }

    @Test
    void serveWithKeysRequiresThemAndWritesAVerifiableAuditLog() throws Exception {
        Path keys = dir.resolve("keys.yaml");
        StringWriter keyOut = new StringWriter();
        int added = GatehouseCli.run(new String[] {"keys", "add", "--keys", keys.toString(), "--tenant", "acme"},
                new PrintWriter(keyOut), new PrintWriter(new StringWriter()), Map.of(), d -> null);
        assertThat(added).isZero();
        String key = keyOut.toString().strip();

        try (Serving s = new Serving("host: 0.0.0.0\n", "--keys", keys.toString())) {
            assertThat(s.url).as(s.out + "\n" + s.err).isNotNull();
            assertThat(s.out.toString()).contains("API keys required: 1 keys of 1 tenants");
            assertThat(s.send("POST", "/v1/chat/completions", CHAT, null).statusCode()).isEqualTo(401);
            var served = s.send("POST", "/v1/chat/completions", CHAT, key);
            assertThat(served.statusCode()).isEqualTo(200);
            assertThat(served.body()).contains("echo me");
        }
        Path audit = dir.resolve("logs").resolve("audit.jsonl");
        assertThat(Files.readString(audit)).contains("\"tenant\":\"acme\"").doesNotContain("echo me");
        StringWriter out = new StringWriter();
        int verified = GatehouseCli.run(new String[] {"audit", "verify", audit.toString()}, new PrintWriter(out),
                new PrintWriter(new StringWriter()), Map.of(), d -> null);
        assertThat(verified).isZero();
        assertThat(out.toString()).contains("intact: 1 entries");
    }
}
