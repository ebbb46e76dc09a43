package dev.gatehouse.router.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.router.policy.PolicyReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The task classifier with the real MiniLM embedder and the built-in examples. The held-out check reads
 * ../shared/eval/category/arena-hard-v2.0-question.jsonl (750 real prompts: coding, math, creative writing); the
 * default examples were written without looking at it and are not tuned to it.
 */
class TaskClassifierAccuracyTest {

    static MiniLmEmbedder embedder;
    static TaskClassifier classifier;

    @BeforeAll
    static void build() {
        embedder = MiniLmEmbedder.open();
        classifier = TaskClassifier.build(PolicyReader.defaults().categories(), embedder);
    }

    @AfterAll
    static void close() {
        embedder.close();
    }

    static String classify(String text) {
        ContentSignals s = ContentSignals.of(text);
        return classifier.classify(text, embedder.embed(text), s.hasCode(), s.hasMath()).category();
    }

    @Test
    void plainPromptsOfEachDefaultCategoryAreRecognised() {
        Map<String, String> prompts = Map.of(
                "Can you write a Kotlin extension function that capitalises every word of a string?", "coding",
                "What is the sum of the interior angles of a hexagon? Show the computation.", "math",
                "Write a poem about a lighthouse keeper who talks to the gulls.", "creative",
                "Please give me the gist of the following quarterly report in two sentences.", "summarization",
                "Hey! How's it going?", "chit-chat",
                "Is this product review happy or unhappy: 'the blender broke after a week'?", "classification");
        prompts.forEach((prompt, category) -> assertThat(classify(prompt)).as(prompt).isEqualTo(category));
    }

    @Test
    void heldOutArenaHardPromptsAreClassifiedMostlyRight() throws Exception {
        String eval = System.getProperty("gatehouse.shared.eval");
        Path file = eval == null ? null : Path.of(eval, "category", "arena-hard-v2.0-question.jsonl");
        assumeTrue(file != null && Files.exists(file), "SKIPPED LOUDLY: arena-hard category file not found at " + file
                + " (set -Dgatehouse.shared.eval); the hand-written prompts above still test the classifier");
        Map<String, String> expected = Map.of("coding", "coding", "math", "math", "creative_writing", "creative");
        ObjectMapper json = new ObjectMapper();
        Map<String, int[]> perLabel = new TreeMap<>();
        Map<String, Integer> confusion = new TreeMap<>();
        int right = 0;
        List<String> lines = Files.readAllLines(file);
        for (String line : lines) {
            JsonNode row = json.readTree(line);
            String label = expected.get(row.get("subcategory").asText());
            String got = classify(row.get("prompt").asText());
            int[] counts = perLabel.computeIfAbsent(label, k -> new int[2]);
            counts[1]++;
            if (got.equals(label)) {
                counts[0]++;
                right++;
            } else {
                confusion.merge(label + "->" + got, 1, Integer::sum);
            }
        }
        double accuracy = (double) right / lines.size();
        StringBuilder report = new StringBuilder("arena-hard category accuracy " + right + "/" + lines.size() + " = "
                + Math.round(accuracy * 1000) / 10.0 + "%");
        perLabel.forEach((k, v) -> report.append("; ").append(k).append(' ').append(v[0]).append('/').append(v[1]));
        report.append("; errors ").append(confusion);
        System.out.println(report);
        assertThat(accuracy).as(report.toString()).isGreaterThan(0.6); // 67.7% when written, 67.5% with the examples added for issue 14 (written for short chat prompts), 73.1% with the blended method and the long and non-English examples; chance over eight categories is 12.5%
    }
}
