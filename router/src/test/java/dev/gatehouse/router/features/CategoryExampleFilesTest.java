package dev.gatehouse.router.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.manifest.ConfigException;
import dev.gatehouse.manifest.Violation;
import dev.gatehouse.router.policy.PolicyReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CategoryExampleFilesTest {

    @Test
    void aFolderReadsJsonLinesAndCategoryTextFilesInNameOrder(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("b.jsonl"), "{\"category\":\"legal\",\"prompt\":\"Is this clause enforceable?\"}\n\n");
        Files.writeString(dir.resolve("a-legal.txt"), "# comment\nDraft an NDA for a contractor.\n\n");
        Files.writeString(dir.resolve("notes.md"), "not an example file");
        List<Violation> violations = new ArrayList<>();
        var examples = CategoryExampleFiles.read("categoryExamples", List.of(dir), violations);
        assertThat(violations).isEmpty();
        assertThat(examples).containsOnlyKeys("a-legal", "legal");
        assertThat(examples.get("legal")).containsExactly("Is this clause enforceable?");
        assertThat(examples.get("a-legal")).containsExactly("Draft an NDA for a contractor.");
    }

    @Test
    void everyBadLineIsReportedWithTheKeyTheFileAndTheLine(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bad.jsonl");
        Files.writeString(file, """
                {"category": "Legal", "prompt": "x"}
                not json
                {"category": "legal"}
                {"category": "legal", "prompt": "fine"}
                """);
        List<Violation> violations = new ArrayList<>();
        CategoryExampleFiles.read("categoryExamples", List.of(file, dir.resolve("missing")), violations);
        assertThat(violations).extracting(Violation::key).containsOnly("categoryExamples[0]", "categoryExamples[1]");
        assertThat(violations).extracting(Violation::message).satisfiesExactly(
                m -> assertThat(m).contains("bad.jsonl line 1").contains("category must be lower-case"),
                m -> assertThat(m).contains("line 2").contains("is not a JSON object"),
                m -> assertThat(m).contains("line 3").contains("prompt must be a non-empty string"),
                m -> assertThat(m).contains("missing does not exist"));
    }

    @Test
    void aPolicyNamingAMissingExampleFolderIsRejectedWithItsKey(@TempDir Path dir) throws Exception {
        Path policy = dir.resolve("policy.yaml");
        Files.writeString(policy, "categoryExamples: [nowhere]\n");
        assertThatThrownBy(() -> PolicyReader.read(policy)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("categoryExamples[0]").hasMessageContaining("does not exist");
    }
}
