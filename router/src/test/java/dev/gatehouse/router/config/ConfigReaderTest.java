package dev.gatehouse.router.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.gatehouse.manifest.ConfigException;
import dev.gatehouse.manifest.Violation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigReaderTest {

    @TempDir
    Path dir;

    private Path yaml(String text) throws IOException {
        Path file = dir.resolve("gatehouse.yaml");
        Files.writeString(file, text);
        return file;
    }

    private static ConfigOverrides file(Path configFile) {
        return new ConfigOverrides(null, null, null, configFile);
    }

    @Test
    void withoutFileEnvironmentOrFlagsEveryDefaultApplies() {
        GatehouseConfig config = ConfigReader.read(file(null), Map.of());
        assertThat(config).isEqualTo(GatehouseConfig.defaults());
        assertThat(config.port()).isEqualTo(8080);
        assertThat(config.host()).as("loopback unless the operator says otherwise").isEqualTo("127.0.0.1");
        assertThat(config.limits().maxBodyBytes()).isEqualTo(1024 * 1024);
        assertThat(config.limits().maxQueue()).isEqualTo(8);
        assertThat(config.limits().queueWait()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.limits().defaultSlots()).isEqualTo(2);
        assertThat(config.limits().defaultContext()).isEqualTo(2048);
        assertThat(config.logPrompts()).isFalse();
    }

    @Test
    void theFileOverridesDefaults() throws IOException {
        Path f = yaml("""
                host: 127.0.0.1
                port: 9000
                modelsDir: /srv/models
                manifest: /etc/gatehouse/models.yaml
                logPrompts: true
                limits:
                  maxBodyBytes: 2MiB
                  maxQueue: 3
                  queueWait: 500ms
                  defaultSlots: 4
                  defaultContext: 4096
                  requestTimeout: 2m
                """);
        GatehouseConfig config = ConfigReader.read(file(f), Map.of());
        assertThat(config.host()).isEqualTo("127.0.0.1");
        assertThat(config.port()).isEqualTo(9000);
        assertThat(config.modelsDir()).isEqualTo(Path.of("/srv/models"));
        assertThat(config.manifest()).isEqualTo(Path.of("/etc/gatehouse/models.yaml"));
        assertThat(config.logPrompts()).isTrue();
        assertThat(config.limits()).isEqualTo(new GatehouseConfig.Limits(
                2 * 1024 * 1024, 3, Duration.ofMillis(500), 4, 4096, Duration.ofMinutes(2),
                GatehouseConfig.Limits.DEFAULT_KEEP_ALIVE, GatehouseConfig.Limits.DEFAULT_GPU_RESERVE));
    }

    @Test
    void keepAliveTakesADurationOrMinusOneAndTheGpuReserveASize() throws IOException {
        GatehouseConfig timed = ConfigReader.read(file(yaml("limits:\n  keepAlive: 5m\n  gpuReserve: 1GiB\n")), Map.of());
        assertThat(timed.limits().keepAlive()).isEqualTo(Duration.ofMinutes(5));
        assertThat(timed.limits().gpuReserve()).isEqualTo(1L << 30);
        GatehouseConfig forever = ConfigReader.read(file(yaml("limits:\n  keepAlive: -1\n")), Map.of());
        assertThat(forever.limits().keepAlive()).isEqualTo(GatehouseConfig.Limits.DEFAULT_KEEP_ALIVE);
        assertThatThrownBy(() -> ConfigReader.read(file(yaml("limits:\n  keepAlive: soon\n  gpuReserve: lots\n")), Map.of()))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.violations()).extracting(Violation::key)
                        .contains("limits.keepAlive", "limits.gpuReserve"));
    }

    @Test
    void theReviewSectionSetsTheStoreAndTheQueueBoundsAndDefaultsToMemory() throws IOException {
        assertThat(ConfigReader.read(file(null), Map.of()).review())
                .isEqualTo(dev.gatehouse.router.review.ReviewSettings.defaults());
        GatehouseConfig config = ConfigReader.read(file(yaml(
                "review:\n  store: /var/lib/gatehouse/reviews\n  maxPending: 10\n  maxKept: 20\n  defaultExpiry: 15m\n")),
                Map.of());
        assertThat(config.review()).isEqualTo(new dev.gatehouse.router.review.ReviewSettings(
                java.nio.file.Path.of("/var/lib/gatehouse/reviews"), 10, 20, java.time.Duration.ofMinutes(15)));
        assertThat(config.review().durable()).isTrue();
    }

    @Test
    void everyBadReviewBoundIsListedWithItsKey() throws IOException {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigReader.read(file(yaml(
                "review:\n  maxPending: 0\n  maxKept: 200000\n  defaultExpiry: 800h\n  maxWait: 1\n")), Map.of()));
        assertThat(e.violations()).extracting(Object::toString).anySatisfy(v -> assertThat(v)
                .startsWith("review.maxPending: must be between 1 and 100000, was 0"));
        assertThat(e.violations()).extracting(Object::toString).anySatisfy(v -> assertThat(v)
                .startsWith("review.maxKept: must be between 1 and 100000, was 200000"));
        assertThat(e.violations()).extracting(Object::toString).anySatisfy(v -> assertThat(v)
                .startsWith("review.defaultExpiry: must be positive and at most 30 days, was PT800H"));
        assertThat(e.violations()).extracting(Object::toString).anySatisfy(v -> assertThat(v)
                .contains("maxWait"));
    }

    @Test
    void environmentOverridesTheFileAndFlagsOverrideTheEnvironment() throws IOException {
        Path f = yaml("port: 9000\nmodelsDir: from-file\nmanifest: file.yaml\n");
        Map<String, String> env = Map.of("GATEHOUSE_PORT", "9100", "GATEHOUSE_MODELS_DIR", "from-env");

        GatehouseConfig envWins = ConfigReader.read(file(f), env);
        assertThat(envWins.port()).isEqualTo(9100);
        assertThat(envWins.modelsDir()).isEqualTo(Path.of("from-env"));
        assertThat(envWins.manifest()).isEqualTo(Path.of("file.yaml"));

        GatehouseConfig flagsWin = ConfigReader.read(
                new ConfigOverrides(9200, Path.of("from-flag"), Path.of("flag.yaml"), f), env);
        assertThat(flagsWin.port()).isEqualTo(9200);
        assertThat(flagsWin.modelsDir()).isEqualTo(Path.of("from-flag"));
        assertThat(flagsWin.manifest()).isEqualTo(Path.of("flag.yaml"));
    }

    @Test
    void theEnvironmentCanNameTheConfigFileAndTheFlagBeatsIt() throws IOException {
        Path f = yaml("port: 9000\n");
        Path other = dir.resolve("other.yaml");
        Files.writeString(other, "port: 9001\n");
        assertThat(ConfigReader.read(file(null), Map.of("GATEHOUSE_CONFIG", f.toString())).port()).isEqualTo(9000);
        assertThat(ConfigReader.read(file(other), Map.of("GATEHOUSE_CONFIG", f.toString())).port()).isEqualTo(9001);
    }

    @Test
    void everyViolationIsListedWithItsKey() throws IOException {
        Path f = yaml("""
                port: 70000
                colour: blue
                logPrompts: "yes"
                limits:
                  maxQueue: -1
                  queueWait: forever
                  defaultSlots: 0
                  maxBodyBytes: lots
                  speed: 3
                """);
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigReader.read(file(f), Map.of()));
        assertThat(e.violations()).extracting(Violation::toString).containsExactlyInAnyOrder(
                "port: must be between 0 and 65535, was 70000",
                "colour: unknown key, expected one of [audit, auth, decisionLog, hardware, host, keys, limits, logPrompts, "
                        + "manifest, modelsDir, openViews, policy, port, review]",
                "logPrompts: must be true or false, was 'yes'",
                "limits.maxQueue: must be between 0 and 100000, was -1",
                "limits.queueWait: must be a duration such as 500ms, 30s, 5m or 1h, was 'forever'",
                "limits.defaultSlots: must be between 1 and 1024, was 0",
                "limits.maxBodyBytes: must be a byte count such as 1048576 or 1MiB, was 'lots'",
                "limits.speed: unknown key, expected one of [defaultContext, defaultSlots, gpuReserve, keepAlive,"
                        + " maxBodyBytes, maxQueue, queueWait, requestTimeout]");
        assertThat(e.source()).isEqualTo(f.toString());
    }

    @Test
    void aBadValueIsReportedUnderTheKeyOfTheLayerThatSetIt() {
        ConfigException fromEnv = catchThrowableOfType(ConfigException.class,
                () -> ConfigReader.read(file(null), Map.of("GATEHOUSE_PORT", "eighty")));
        assertThat(fromEnv.violations()).containsExactly(
                new Violation("GATEHOUSE_PORT", "must be an integer, was \"eighty\""));

        ConfigException fromFlag = catchThrowableOfType(ConfigException.class,
                () -> ConfigReader.read(new ConfigOverrides(-5, null, null, null), Map.of("GATEHOUSE_PORT", "9")));
        assertThat(fromFlag.violations()).containsExactly(
                new Violation("--port", "must be between 0 and 65535, was -5"));
    }

    @Test
    void anExplicitConfigFileThatDoesNotExistIsAViolation() {
        Path missing = dir.resolve("nope.yaml");
        assertThatThrownBy(() -> ConfigReader.read(file(missing), Map.of()))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).violations())
                        .singleElement().extracting(Violation::key).isEqualTo("--config"));
    }

    @Test
    void malformedYamlIsOneViolationNamingTheFile() throws IOException {
        Path f = yaml("port: [1, 2\n");
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigReader.read(file(f), Map.of()));
        assertThat(e.violations()).singleElement().satisfies(v -> {
            assertThat(v.key()).isEqualTo(f.toString());
            assertThat(v.message()).startsWith("is not valid YAML");
        });
    }

    @Test
    void anEmptyFileMeansDefaults() throws IOException {
        assertThat(ConfigReader.read(file(yaml("")), Map.of())).isEqualTo(GatehouseConfig.defaults());
    }
}
