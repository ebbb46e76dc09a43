package dev.gatehouse.router.config;

import static org.assertj.core.api.Assertions.assertThat;
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

class HardwareConfigTest {
    @TempDir
    Path dir;

    private GatehouseConfig read(String yaml) throws IOException {
        Path file = dir.resolve("gatehouse.yaml");
        Files.writeString(file, yaml);
        return ConfigReader.read(new ConfigOverrides(null, null, null, file), Map.of());
    }

    @Test
    void theSampleIntervalDefaultsToFiveSeconds() throws IOException {
        assertThat(read("port: 9000\n").hardware().sampleInterval()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void theSampleIntervalIsReadFromTheFile() throws IOException {
        assertThat(read("hardware:\n  sampleInterval: 750ms\n").hardware().sampleInterval())
                .isEqualTo(Duration.ofMillis(750));
    }

    @Test
    void everyHardwareMistakeIsReportedWithItsKey() {
        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> read("hardware:\n  sampleInterval: 10ms\n  gpus: all\n"));

        assertThat(e.violations()).extracting(Violation::key)
                .containsExactlyInAnyOrder("hardware.sampleInterval", "hardware.gpus");
        assertThat(e.violations()).filteredOn(v -> v.key().equals("hardware.sampleInterval"))
                .singleElement().extracting(Violation::message).asString()
                .contains("at least 100ms", "PT0.01S");
    }

    @Test
    void aHardwareValueThatIsNotAMappingIsAViolation() {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> read("hardware: 5s\n"));
        assertThat(e.violations()).extracting(Violation::key).containsExactly("hardware");
    }

    @Test
    void aSampleIntervalThatIsNotADurationNamesTheAllowedForms() {
        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> read("hardware:\n  sampleInterval: often\n"));
        assertThat(e.violations()).singleElement().satisfies(v -> {
            assertThat(v.key()).isEqualTo("hardware.sampleInterval");
            assertThat(v.message()).contains("500ms");
        });
    }
}
