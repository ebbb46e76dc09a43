package dev.gatehouse.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ServingHintsTest {

    @Test
    void everyServingKeyIsReadIntoTheSpec() {
        ServingHints hints = only("""
                models:
                  - id: m
                    file: m.gguf
                    tasks: [chat]
                    context: 4096
                    queue: 3
                    keepAlive: 1h30m
                    device: gpu:1
                    gpuLayers: 20
                    minContext: 1024
                """);
        assertThat(hints).isEqualTo(new ServingHints(3, Duration.ofMinutes(90), false, DeviceHint.gpu(1), 20, 1024));
        assertThat(hints.device()).hasToString("gpu:1");
    }

    @Test
    void withoutServingKeysTheHintsAreNone() {
        assertThat(only("models:\n  - {id: m, file: m.gguf, tasks: [chat]}\n")).isEqualTo(ServingHints.NONE);
    }

    @Test
    void aPinnedModelMayKeepAliveForeverWrittenAsMinusOne() {
        ServingHints hints = only("models:\n  - {id: m, file: m.gguf, tasks: [chat], pin: true, keepAlive: -1}\n");
        assertThat(hints.pin()).isTrue();
        assertThat(hints.keptForever()).isTrue();
    }

    @ParameterizedTest(name = "keepAlive {0} is {1} seconds")
    @CsvSource({"-1, -1", "0, 0", "300, 300", "90s, 90", "5m, 300", "2h, 7200", "1d, 86400", "'\"-1\"', -1"})
    void keepAliveAcceptsMinusOneSecondsAndDurations(String yaml, long seconds) {
        ServingHints hints = only("models:\n  - {id: m, file: m.gguf, tasks: [chat], keepAlive: " + yaml + "}\n");
        assertThat(hints.keepAlive()).isEqualTo(Duration.ofSeconds(seconds));
    }

    @ParameterizedTest(name = "device {0}")
    @CsvSource({"cpu, cpu", "GPU, gpu", "gpu:0, gpu:0", "gpu:12, gpu:12"})
    void deviceAcceptsCpuGpuAndOneGpuByIndex(String yaml, String read) {
        ServingHints hints = only("models:\n  - {id: m, file: m.gguf, tasks: [chat], device: " + yaml + "}\n");
        assertThat(hints.device()).hasToString(read);
    }

    @Test
    void everyBrokenServingKeyIsReportedWithItsPath() {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ManifestReader.parse("""
                models:
                  - {id: a, file: a.gguf, tasks: [chat], queue: -1, keepAlive: soon, device: tpu, gpuLayers: -2}
                  - {id: b, file: b.gguf, tasks: [chat], device: cpu, gpuLayers: 10, context: 512, minContext: 1024}
                  - {id: c, file: c.gguf, tasks: [chat], pin: yes please, keepAlive: -5}
                  - {id: d, file: d.gguf, tasks: [chat], pin: true, keepAlive: 5m}
                """, "models.yaml"));
        assertThat(e.violations()).extracting(Violation::toString).containsExactlyInAnyOrder(
                "models[0].queue: must be >= 0, was -1",
                "models[0].keepAlive: must be -1 (never unload), 0, seconds, or a duration like 90s, 5m, 1h30m,"
                        + " was 'soon'",
                "models[0].device: must be one of cpu, gpu or gpu:N, was 'tpu'",
                "models[0].gpuLayers: must be >= 0, was -2",
                "models[1].gpuLayers: must be 0 or absent with device cpu, was 10",
                "models[1].minContext: must be <= context (512), was 1024",
                "models[2].pin: must be true or false, was 'yes please'",
                "models[2].keepAlive: must be -1 (never unload), 0, seconds, or a duration like 90s, 5m, 1h30m,"
                        + " was '-5'",
                "models[3].keepAlive: a pinned model is never unloaded; use -1 or leave keepAlive out, was 5m");
    }

    private static ServingHints only(String yaml) {
        return ManifestReader.parse(yaml, "test.yaml").models().getFirst().serving();
    }
}
