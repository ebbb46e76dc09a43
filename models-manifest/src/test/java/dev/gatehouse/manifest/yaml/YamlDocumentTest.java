package dev.gatehouse.manifest.yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.gatehouse.manifest.ConfigException;
import dev.gatehouse.manifest.Violation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class YamlDocumentTest {
    @TempDir
    Path dir;

    private static Violation onlyViolation(Runnable parse) {
        ConfigException e = catchThrowableOfType(ConfigException.class, parse::run);
        assertThat(e).as("a ConfigException").isNotNull();
        assertThat(e.violations()).hasSize(1);
        return e.violations().getFirst();
    }

    @Test
    void aKeyWrittenTwiceIsRefusedWithItsLine() {
        Violation v = onlyViolation(() -> YamlDocument.parse("port: 1\nhost: a\nport: 2\n", "dup.yaml"));

        assertThat(v.key()).isEqualTo("(document)");
        assertThat(v.message()).startsWith("is not valid YAML: ").contains("port").contains("line 3");
    }

    @Test
    void malformedYamlNamesTheFileAndTheLine() {
        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> YamlDocument.parse("a: 1\nb: [1, 2\n", "broken.yaml"));

        assertThat(e.source()).isEqualTo("broken.yaml");
        assertThat(e.getMessage()).contains("broken.yaml");
        assertThat(e.violations().getFirst().message()).startsWith("is not valid YAML: ").contains("line");
    }

    @Test
    void aDocumentNestedPastTheLimitIsRefusedNotParsed() {
        String deep = "[".repeat(YamlDocument.MAX_NESTING_DEPTH + 10) + "]".repeat(YamlDocument.MAX_NESTING_DEPTH + 10);

        Violation v = onlyViolation(() -> YamlDocument.parse("a: " + deep + "\n", "deep.yaml"));

        assertThat(v.message()).startsWith("is not valid YAML: ");
    }

    @Test
    void aFilePastTheSizeLimitIsRefused() {
        String big = "k: \"" + "x".repeat(YamlDocument.MAX_CODE_POINTS) + "\"\n";

        Violation v = onlyViolation(() -> YamlDocument.parse(big, "big.yaml"));

        assertThat(v.message()).startsWith("is not valid YAML: ").hasSizeLessThan(400);
    }

    @Test
    void anEmptyOrCommentOnlyDocumentIsAnEmptyMapping() {
        for (String yaml : new String[] {"", "# nothing\n", "~\n"}) {
            YamlDocument document = YamlDocument.parse(yaml, "empty.yaml");
            assertThat(document.isEmpty()).as(yaml).isTrue();
            assertThat(document.top(new ArrayList<>()).keys()).isEmpty();
        }
    }

    @Test
    void aKeyWithNothingAfterItIsAbsentNotEmptyText() {
        YamlNode top = YamlDocument.parse("models:\n", "m.yaml").top(new ArrayList<>());

        assertThat(top.has("models")).isFalse();
    }

    @Test
    void aRootThatIsNotAMappingIsDescribed() {
        YamlDocument document = YamlDocument.parse("- a\n- b\n", "list.yaml");

        assertThat(document.isMapping()).isFalse();
        assertThat(document.describeRoot()).isEqualTo("a list");
    }

    @Test
    void aMissingFileIsAFileViolation() {
        Violation v = onlyViolation(() -> YamlDocument.read(dir.resolve("absent.yaml")));

        assertThat(v).isEqualTo(new Violation("(file)", "does not exist"));
    }

    @Test
    void aFileIsReadUnderItsOwnName() throws IOException {
        Path file = Files.writeString(dir.resolve("ok.yaml"), "a: 1\n");

        YamlDocument document = YamlDocument.read(file);

        assertThat(document.source()).isEqualTo(file.toString());
        assertThat(document.top(new ArrayList<>()).integer("a", 0)).isEqualTo(1);
    }
}
