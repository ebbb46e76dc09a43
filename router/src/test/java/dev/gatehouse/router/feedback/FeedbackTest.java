package dev.gatehouse.router.feedback;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeedbackTest {
    private static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private Feedback.Parsed parse(String json) throws Exception {
        return Feedback.parse(JSON.readTree(json), "acme", NOW);
    }

    @Test
    void aScoreOrAPreferredTargetIsAJudgement() throws Exception {
        assertThat(parse("{\"decision_id\": \"abc-1\", \"score\": 0.75}").feedback())
                .isEqualTo(new Feedback("abc-1", 0.75, null, null, "acme", NOW));
        assertThat(parse("{\"decision_id\": \"abc-1\", \"preferred_target\": \"openai/gpt-4o\", \"label\": \"too weak\"}")
                .feedback().preferredTarget()).isEqualTo("openai/gpt-4o");
    }

    @Test
    void everyBrokenRuleIsNamedByItsField() throws Exception {
        assertThat(parse("{\"score\": 3, \"preferred_target\": \"x y\", \"label\": 5}").violations())
                .extracting(Feedback.Violation::field)
                .containsExactly("decision_id", "score", "preferred_target", "label");
        assertThat(parse("{\"decision_id\": \"abc\"}").violations()).singleElement()
                .satisfies(v -> assertThat(v.rule()).isEqualTo("one of score or preferred_target is required"));
        assertThat(parse("[1]").violations()).singleElement()
                .satisfies(v -> assertThat(v.field()).isEqualTo("(body)"));
        assertThat(parse("{\"decision_id\": \"" + "x".repeat(500) + "\", \"score\": 1}").violations())
                .singleElement().satisfies(v -> assertThat(v.rule()).doesNotContain("xxxx"));
    }

    @Test
    void theLatestJudgementOfADecisionWinsWhenTheLogIsReadBack() throws Exception {
        try (FeedbackLog log = FeedbackLog.open(dir)) {
            log.append(new Feedback("d1", 0.1, null, null, null, NOW));
            log.append(new Feedback("d2", null, "large", "wrong-tone", "acme", NOW));
            log.append(new Feedback("d1", 0.9, null, null, null, NOW.plusSeconds(5)));
        }
        var read = FeedbackLog.read(dir);
        assertThat(read).hasSize(2);
        assertThat(read.get("d1").score()).isEqualTo(0.9);
        assertThat(read.get("d2")).isEqualTo(new Feedback("d2", null, "large", "wrong-tone", "acme", NOW));
    }

    @Test
    void appendingAJudgementReturnsTheOneThisProcessRecordedBeforeForTheSameDecision() throws Exception {
        try (FeedbackLog earlierProcess = FeedbackLog.open(dir)) {
            earlierProcess.append(new Feedback("d1", 0.3, null, null, null, NOW));
        }
        try (FeedbackLog log = FeedbackLog.open(dir)) {
            assertThat(log.append(new Feedback("d1", 0.5, null, null, null, NOW)))
                    .as("an earlier process's judgement was never counted by this one").isEmpty();
            assertThat(log.append(new Feedback("d11", 1.0, null, null, null, NOW))).isEmpty();
            assertThat(log.append(new Feedback("d1", null, "large", null, null, NOW.plusSeconds(1))))
                    .hasValueSatisfying(f -> assertThat(f.score()).isEqualTo(0.5));
            assertThat(log.append(new Feedback("d1", 0.9, null, null, null, NOW.plusSeconds(2))))
                    .hasValueSatisfying(f -> assertThat(f.preferredTarget()).isEqualTo("large"));
        }
    }

    @Test
    void aFeedbackFileCutShortWhileTheServerRunsIsNotAnError() throws Exception {
        try (FeedbackLog earlierProcess = FeedbackLog.open(dir)) {
            earlierProcess.append(new Feedback("d0", 0.5, null, null, null, NOW));
        }
        try (FeedbackLog log = FeedbackLog.open(dir)) { // it began appending after the earlier process's line
            log.append(new Feedback("d1", 0.5, null, null, null, NOW));
            log.append(new Feedback("d2", 0.5, null, null, null, NOW));
            java.nio.file.Files.write(dir.resolve(FeedbackLog.FILE), new byte[0]); // an operator emptied it
            assertThat(log.append(new Feedback("d1", 1.0, null, null, null, NOW))).isEmpty();
            java.nio.file.Files.delete(dir.resolve(FeedbackLog.FILE));
            assertThat(log.append(new Feedback("d1", 0.0, null, null, null, NOW))).isEmpty();
        }
    }
}
