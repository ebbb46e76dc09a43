package dev.gatehouse.router.eval;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.router.cli.GatehouseCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code eval category} on small labelled sets written here, with the real MiniLM embedder. */
class CategoryEvalCommandTest {
    private record Run(int code, String out, String err) {}

    private static Run gatehouse(String... args) {
        var out = new StringWriter();
        var err = new StringWriter();
        int code = GatehouseCli.run(args, new PrintWriter(out), new PrintWriter(err), Map.of(), dir -> {
            throw new AssertionError("eval category loads no models");
        });
        return new Run(code, out.toString(), err.toString());
    }

    private static final List<String> TRANSLATION = List.of(
            "Translate this sentence into French: the shop opens at nine.",
            "How do you say thank you very much in Korean?",
            "Translate the following paragraph into German.",
            "Please render this product description in Spanish.",
            "What is the Italian for 'the bill, please'?",
            "Translate my cover letter into Portuguese, formal register.",
            "Turn this English menu into Japanese.",
            "Translate these three tweets into Dutch.",
            "Can you put this contract clause into plain French?",
            "Translate 'I missed my connecting flight' into Mandarin.");
    private static final List<String> CODING = List.of(
            "Write a Go function that reverses a linked list.",
            "Why does my Python loop never end? while i < 10: print(i)",
            "Write a SQL query that counts orders per month.",
            "Implement binary search in JavaScript.",
            "Fix the off-by-one error in this Java for loop.");

    private static Path data(Path dir) throws Exception {
        ObjectMapper json = new ObjectMapper();
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < TRANSLATION.size(); i++) {
            lines.add(json.writeValueAsString(Map.of("prompt", TRANSLATION.get(i), "category", "translation",
                    "source", i % 2 == 0 ? "forum" : "tickets")));
        }
        for (int i = 0; i < CODING.size(); i++) {
            lines.add(json.writeValueAsString(Map.of("prompt", CODING.get(i), "category", "coding",
                    "source", i % 2 == 0 ? "forum" : "tickets")));
        }
        // a shipped example: it must be left out, never scored by a classifier fitted on it
        lines.add(json.writeValueAsString(Map.of("prompt", "Write a haiku about autumn leaves.", "subcategory",
                "creative_writing", "category", "hard_prompt")));
        Path file = dir.resolve("labelled.jsonl");
        Files.write(file, lines);
        return file;
    }

    @Test
    void aCategoryThePriorLacksIsLearnedFromTheOtherFoldsAndReportedPerCategory(@TempDir Path dir) throws Exception {
        Run run = gatehouse("eval", "category", "--data", data(dir).toString(), "--map", "creative_writing=creative",
                "--json");
        assertThat(run.code()).as(run.err()).isZero();
        JsonNode json = new ObjectMapper().readTree(run.out());
        assertThat(json.get("prompts").asInt()).isEqualTo(15);
        assertThat(json.get("excludedAsPolicyExamples").asInt()).isEqualTo(1);
        JsonNode prior = json.at("/methods/similarity/prior");
        assertThat(prior.at("/perCategory/translation/recall").asDouble()).as("no shipped example").isZero();
        assertThat(prior.at("/perCategory/coding/recall").asDouble()).isGreaterThanOrEqualTo(0.8);
        JsonNode folds = json.at("/methods/similarity/crossValidation");
        assertThat(folds.at("/perCategory/translation/recall").asDouble()).isGreaterThanOrEqualTo(0.8);
        assertThat(folds.at("/perCategory/translation/precision").asDouble()).isGreaterThanOrEqualTo(0.8);
        JsonNode bySource = json.at("/methods/similarity/leaveOneSourceOut");
        assertThat(bySource.at("/perCategory/translation/recall").asDouble()).isGreaterThanOrEqualTo(0.8);
        assertThat(json.at("/methods/logistic/crossValidation/accuracy").asDouble()).isGreaterThan(0.5);
        assertThat(prior.get("confusions")).isNotEmpty();
    }

    @Test
    void aRowWithoutALabelIsRefusedNamingTheFileAndLine(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bad.jsonl");
        Files.writeString(file, "{\"prompt\": \"hello\", \"category\": \"chit-chat\"}\n{\"prompt\": \"no label\"}\n");
        Run run = gatehouse("eval", "category", "--data", file.toString());
        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err()).contains("bad.jsonl line 2").contains("a label (category or subcategory)");
    }
}
