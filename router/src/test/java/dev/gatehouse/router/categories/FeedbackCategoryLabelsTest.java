package dev.gatehouse.router.categories;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.router.cli.GatehouseCli;
import dev.gatehouse.router.decisionlog.DecisionLog;
import dev.gatehouse.router.decisionlog.LogKey;
import dev.gatehouse.router.feedback.Feedback;
import dev.gatehouse.router.feedback.FeedbackLog;
import dev.gatehouse.router.features.MiniLmEmbedder;
import dev.gatehouse.router.features.TaskClassifier;
import dev.gatehouse.router.policy.PolicyReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Feedback labels feed training: a category label sent as feedback, joined to the logged decision by id and to the
 * operator's text by the log's prompt HMAC, becomes an example file the policy reads and the classifier learns.
 */
class FeedbackCategoryLabelsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2026-12-06T20:00:00Z");
    private static final List<String> LABELLED = List.of(
            "Translate this sentence into French: the parcel arrives tomorrow.",
            "How do you say good evening in Japanese?",
            "Translate the following email into German, keeping it polite.");

    /** Log lines as the decision log writes them (id, promptHmac under the log's key), three of them labelled. */
    private static void logAndLabel(Path logDir) throws Exception {
        byte[] key = LogKey.resolve(System.getenv(), logDir);
        try (DecisionLog log = DecisionLog.open(logDir, 1 << 20, 2, key);
                FeedbackLog feedback = FeedbackLog.open(logDir)) {
            StringBuilder lines = new StringBuilder();
            for (int i = 0; i < LABELLED.size(); i++) {
                lines.append(JSON.writeValueAsString(Map.of("id", "d" + i, "promptHmac", log.hash(LABELLED.get(i)))))
                        .append('\n');
                Feedback f = Feedback.parse(JSON.readTree("{\"decision_id\": \"d" + i
                        + "\", \"score\": 0, \"label\": \"category:translation\"}"), null, NOW).feedback();
                feedback.append(f);
            }
            lines.append(JSON.writeValueAsString(Map.of("id", "d9", "promptHmac", log.hash("unlabelled")))).append('\n');
            Files.writeString(logDir.resolve(DecisionLog.CURRENT), lines.toString());
            feedback.append(Feedback.parse(JSON.readTree("{\"decision_id\": \"d9\", \"score\": 1}"), null, NOW)
                    .feedback());
        }
    }

    @Test
    void labelledDecisionsMatchOnlyTheTextsTheirHashesName(@TempDir Path dir) throws Exception {
        Path logDir = dir.resolve("log");
        logAndLabel(logDir);
        var result = FeedbackCategoryLabels.match(logDir, LogKey.resolve(System.getenv(), logDir),
                List.of(LABELLED.get(0), LABELLED.get(2), "unlabelled", "never logged"));
        assertThat(result.labels()).isEqualTo(3);
        assertThat(result.examples()).extracting(FeedbackCategoryLabels.Labelled::prompt)
                .containsExactly(LABELLED.get(0), LABELLED.get(2));
        assertThat(result.examples()).extracting(FeedbackCategoryLabels.Labelled::category).containsOnly("translation");
        assertThat(result.unmatched()).isEqualTo(1);
    }

    @Test
    void categoriesAddFromFeedbackWritesExamplesThePolicyReadsAndTheClassifierLearns(@TempDir Path dir)
            throws Exception {
        Path logDir = dir.resolve("log");
        logAndLabel(logDir);
        Path prompts = dir.resolve("prompts.jsonl");
        StringBuilder texts = new StringBuilder();
        for (String p : LABELLED) texts.append(JSON.writeValueAsString(Map.of("prompt", p))).append('\n');
        Files.writeString(prompts, texts.toString());
        var out = new StringWriter();
        var err = new StringWriter();
        int code = GatehouseCli.run(new String[] {"categories", "add", "--dir", dir.resolve("examples").toString(),
                "--feedback", logDir.toString(), "--prompts-file", prompts.toString()}, new PrintWriter(out),
                new PrintWriter(err), Map.of(), d -> {
                    throw new AssertionError("categories add loads no models");
                });
        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).contains("3 category label(s), 3 matched").contains("{translation=3}");

        Files.writeString(dir.resolve("policy.yaml"), "categoryExamples: [examples]\n");
        var categories = PolicyReader.read(dir.resolve("policy.yaml")).categories();
        assertThat(categories.get("translation")).containsExactlyElementsOf(LABELLED);
        try (MiniLmEmbedder embedder = MiniLmEmbedder.open()) {
            TaskClassifier classifier = TaskClassifier.build(categories, embedder);
            String near = "Please translate this note into Italian: the office is closed on Monday.";
            assertThat(classifier.classify(near, embedder.embed(near)).category()).isEqualTo("translation");
        }
    }

    @Test
    void categoriesAddWithoutACategoryNameIsRefused(@TempDir Path dir) {
        var err = new StringWriter();
        int code = GatehouseCli.run(new String[] {"categories", "add", "--dir", dir.toString(), "--prompt", "hi",
                "--category", "Not A Name"}, new PrintWriter(new StringWriter()), new PrintWriter(err), Map.of(),
                d -> null);
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("--category must be lower-case");
        assertThat(dir.toFile().list()).isEmpty();
    }
}
