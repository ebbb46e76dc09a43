package dev.gatehouse.router.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.router.policy.PolicyReader;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The static token embeddings against MiniLM itself, on the task classifier with the built-in examples: the held-out
 * arena-hard prompts (../shared/eval/category) must be classified within one point of MiniLM's accuracy, the rule
 * for using them on the request path. The table is distilled once into target/ (half a minute) and reused.
 */
class StaticTokenEmbedderAccuracyTest {

    static MiniLmEmbedder miniLm;
    static StaticTokenEmbedder table;

    @BeforeAll
    static void open() {
        miniLm = MiniLmEmbedder.open();
        table = StaticTokenEmbedder.openOrDistill(miniLm, Path.of("target", "static-embeddings"),
                new PrintWriter(System.out, true));
    }

    @AfterAll
    static void close() {
        table.close();
        miniLm.close();
    }

    @Test
    void aPromptAndItsParaphraseAreCloserThanUnrelatedPrompts() {
        float[] a = table.embed("Write a Python function that reverses a linked list.");
        float[] b = table.embed("Implement linked list reversal in Python as a function.");
        float[] c = table.embed("Compose a short poem about autumn leaves falling.");
        assertThat(dot(a, b)).isGreaterThan(dot(a, c));
        assertThat(dot(a, a)).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-4));
    }

    @Test
    void heldOutArenaHardCategoriesStayWithinOnePointOfMiniLm() throws Exception {
        String eval = System.getProperty("gatehouse.shared.eval");
        Path file = eval == null ? null : Path.of(eval, "category", "arena-hard-v2.0-question.jsonl");
        assumeTrue(file != null && Files.exists(file), "SKIPPED LOUDLY: arena-hard category file not found at " + file
                + " (set -Dgatehouse.shared.eval); the paraphrase test above still checks the static table");
        Map<String, String> expected = Map.of("coding", "coding", "math", "math", "creative_writing", "creative");
        var categories = PolicyReader.defaults().categories();
        TaskClassifier byMiniLm = TaskClassifier.build(categories, miniLm);
        TaskClassifier byTable = TaskClassifier.build(categories, table);
        ObjectMapper json = new ObjectMapper();
        List<String> lines = Files.readAllLines(file);
        int miniLmRight = 0, tableRight = 0;
        for (String line : lines) {
            var row = json.readTree(line);
            String text = row.get("prompt").asText();
            String label = expected.get(row.get("subcategory").asText());
            ContentSignals s = ContentSignals.of(text);
            if (byMiniLm.classify(text, miniLm.embed(text), s.hasCode(), s.hasMath()).category().equals(label)) miniLmRight++;
            if (byTable.classify(text, table.embed(text), s.hasCode(), s.hasMath()).category().equals(label)) tableRight++;
        }
        double miniLmAccuracy = 100.0 * miniLmRight / lines.size();
        double tableAccuracy = 100.0 * tableRight / lines.size();
        String report = String.format(java.util.Locale.ROOT, "arena-hard category accuracy: MiniLM %.1f%%, static %.1f%% (%d prompts)",
                miniLmAccuracy, tableAccuracy, lines.size());
        System.out.println(report);
        assertThat(tableAccuracy).as(report).isGreaterThanOrEqualTo(miniLmAccuracy - 1.0);
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }
}
