package dev.gatehouse.router.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docker/compose.yaml without Docker (compose was not run here): it parses, runs Gatehouse with Prometheus and
 * Grafana, and every file or folder it mounts or builds from is in the repository (the keys file excepted: the
 * operator writes it, and git ignores it).
 */
class ComposeFileTest {
    private static final Path DOCKER = Dockerfiles.REPO.resolve("docker");
    private static final Pattern DEFAULTED = Pattern.compile("\\$\\{(\\w+):-([^}]*)}");

    private final JsonNode compose = read();

    @Test
    void gatehouseRunsWithPrometheusAndGrafana() {
        assertThat(compose.path("services").fieldNames()).toIterable()
                .contains("gatehouse", "prometheus", "grafana");
        JsonNode gatehouse = compose.path("services").path("gatehouse");
        assertThat(gatehouse.path("ports").get(0).asText()).isEqualTo("8080:8080");
        assertThat(texts(gatehouse.path("volumes"))).anySatisfy(v -> assertThat(v).endsWith(":/models"));
    }

    @Test
    void theImageIsBuiltFromTheRepositoryWithTheCpuDockerfileUnlessToldOtherwise() {
        JsonNode build = compose.path("services").path("gatehouse").path("build");
        Path context = DOCKER.resolve(build.path("context").asText()).normalize();

        assertThat(context).isEqualTo(Dockerfiles.REPO);
        String dockerfile = withDefaults(build.path("dockerfile").asText());
        assertThat(dockerfile).isEqualTo("docker/Dockerfile.cpu");
        assertThat(context.resolve(dockerfile)).exists();
    }

    @Test
    void everyMountedPathIsInTheRepository() {
        List<String> sources = new ArrayList<>();
        compose.path("services").forEach(service -> texts(service.path("volumes")).stream()
                .map(v -> v.split(":")[0]).filter(s -> s.startsWith(".")).forEach(sources::add));

        assertThat(sources).contains("./prometheus", "./grafana", "./grafana/provisioning");
        sources.forEach(s -> assertThat(DOCKER.resolve(s)).as(s).exists());
    }

    @Test
    void prometheusReadsItsConfigurationFromTheMountedFolderAndScrapesGatehouse() throws IOException {
        JsonNode prometheus = compose.path("services").path("prometheus");
        String config = texts(prometheus.path("command")).stream().filter(c -> c.startsWith("--config.file="))
                .findFirst().orElseThrow().substring("--config.file=".length());
        String mount = texts(prometheus.path("volumes")).stream().filter(v -> v.startsWith("./prometheus:"))
                .findFirst().orElseThrow().split(":")[1];

        assertThat(config).startsWith(mount + "/");
        Path file = DOCKER.resolve("prometheus").resolve(config.substring(mount.length() + 1));
        JsonNode scrape = new YAMLMapper().readTree(file.toFile()).path("scrape_configs").get(0);
        assertThat(scrape.path("static_configs").get(0).path("targets").get(0).asText()).isEqualTo("gatehouse:8080");
        assertThat(scrape.path("metrics_path").asText()).isEqualTo("/metrics");
    }

    @Test
    void theKeysFileIsTheOperatorsAndGitIgnoresIt() throws IOException {
        String keys = compose.path("secrets").path("gatehouse-keys").path("file").asText();

        assertThat(keys).isEqualTo("./keys.yaml");
        assertThat(Files.readString(Dockerfiles.REPO.resolve(".gitignore"))).contains("/docker/keys.yaml");
        assertThat(texts(compose.path("services").path("gatehouse").path("command")))
                .containsSequence("--keys", "/run/secrets/gatehouse-keys");
    }

    private static String withDefaults(String text) {
        Matcher m = DEFAULTED.matcher(text);
        return m.replaceAll(r -> Matcher.quoteReplacement(r.group(2)));
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static JsonNode read() {
        try {
            return new YAMLMapper().readTree(DOCKER.resolve("compose.yaml").toFile());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
