package dev.gatehouse.router.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;

/**
 * The bench's Gatehouse in its own process: a real {@code serve} with the shipped gatehouse.yaml and policy.yaml (and
 * the bench provider), started through a launcher script. The repository's {@code ./gatehouse} would rebuild the jars
 * from inside the build, so the test's launcher runs the same main class on the test class path.
 */
class ServeProcessTest {

    @Test
    void serveAnswersThePinnedRequestThroughTheBenchProviderAndWritesItsDecisionLogThenLeavesNoScratchBehind()
            throws Exception {
        Path launcher = Files.createTempFile("gatehouse-launcher", ".sh");
        Files.writeString(launcher, "#!/bin/sh\nexec '" + Path.of(System.getProperty("java.home"), "bin", "java")
                + "' --enable-native-access=ALL-UNNAMED -cp '" + System.getProperty("java.class.path")
                + "' dev.gatehouse.router.cli.GatehouseCli \"$@\"\n");
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwx------"));
        Path scratch;
        try (var upstream = GatewayUpstream.start();
             var serve = ServeProcess.start(launcher, Path.of("../../gatehouse.yaml"), Path.of("../.."),
                     ShippedPolicy.yamlWithBenchProvider(Path.of("../../policy.yaml"), upstream.baseUrl()))) {
            var response = chat(serve, BenchRequests.PINNED);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(response.headers().firstValue("x-gatehouse-model")).hasValue("bench/bench-model");
            var auto = chat(serve, BenchRequests.auto512(-1));
            assertThat(auto.statusCode()).as(auto.body()).isEqualTo(200);
            assertThat(auto.headers().firstValue("x-gatehouse-model").orElseThrow())
                    .as("the 512-token prompt goes to the provider, beside the shipped local model").startsWith("bench/");
            assertThat(serve.handle().isAlive()).isTrue();
            try (var logs = Files.list(serve.directory().resolve("logs"))) {
                assertThat(logs.map(p -> p.getFileName().toString())).as("the shipped config logs every decision")
                        .anyMatch(name -> name.startsWith("decisions"));
            }
            scratch = serve.directory();
        } finally {
            Files.deleteIfExists(launcher);
        }
        assertThat(scratch).as("the logs of every request a bench sent are gone once serve stops").doesNotExist();
    }

    @Test
    void theScratchConfigMovesOnlyTheLogsAndKeepsTheDecisionLogsOtherSettings(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        Path config = Files.writeString(dir.resolve("in.yaml"), "manifest: models.yaml\nport: 8080\n"
                + "decisionLog:\n  enabled: false\n  maxBytes: 2MiB\n  dir: /var/log/gatehouse\n");

        var written = new com.fasterxml.jackson.databind.ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory())
                .readTree(ServeProcess.writeScratchConfig(config, Path.of("/srv/gatehouse"), dir).toFile());

        assertThat(written.path("decisionLog").path("enabled").asBoolean(true)).isFalse();
        assertThat(written.path("decisionLog").path("maxBytes").asText()).isEqualTo("2MiB");
        assertThat(written.path("decisionLog").path("dir").asText()).isEqualTo(dir.resolve("logs").toString());
        assertThat(written.path("manifest").asText()).isEqualTo("/srv/gatehouse/models.yaml");
        assertThat(written.path("port").asInt()).isZero();
    }

    private static HttpResponse<String> chat(ServeProcess serve, String body) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(serve.baseUrl() + "/chat/completions"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
