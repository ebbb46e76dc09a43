package dev.gatehouse.router.cascade;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.inference.FinishReason;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class QualityGateTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String SCHEMA = """
            {"type": "object", "required": ["name", "age"], "additionalProperties": false,
             "properties": {"name": {"type": "string"}, "age": {"type": "integer"},
                            "tags": {"type": "array", "items": {"type": "string"}},
                            "status": {"enum": ["active", "inactive"]}}}""";

    /** One named behaviour: a check, an answer, and the expected failure (null = passes). */
    record Case(String name, AnswerCheck check, CandidateAnswer answer, String failsWith) {
        @Override
        public String toString() {
            return name;
        }
    }

    static AnswerCheck schema() {
        try {
            return new AnswerCheck.ValidJson(JSON.readTree(SCHEMA));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static Stream<Case> cases() {
        var refusal = AnswerCheck.NotRefusal.defaults();
        var length = new AnswerCheck.LengthWithin(3, 20, true);
        return Stream.of(
                new Case("a blank answer is empty", new AnswerCheck.NonEmpty(), CandidateAnswer.of("  \n"), "empty"),
                new Case("any text is not empty", new AnswerCheck.NonEmpty(), CandidateAnswer.of("ok"), null),
                new Case("an apology that declines is a refusal", refusal,
                        CandidateAnswer.of("I’m sorry, but I can’t help with that."), "refusal"),
                new Case("an AI disclaimer is a refusal", refusal,
                        CandidateAnswer.of("As an AI language model, I cannot browse."), "as an ai language model"),
                new Case("a helpful answer is not a refusal", refusal, CandidateAnswer.of("Paris is the capital."), null),
                new Case("too short", length, CandidateAnswer.of("ok"), "fewer than 3"),
                new Case("too long", length, CandidateAnswer.of("x".repeat(21)), "more than 20"),
                new Case("cut off at max_tokens", length, new CandidateAnswer("fine text", FinishReason.LENGTH, null),
                        "cut off"),
                new Case("within limits", length, CandidateAnswer.of("fine text"), null),
                new Case("prose is not JSON", new AnswerCheck.ValidJson(null), CandidateAnswer.of("Sure! {"), "not valid JSON"),
                new Case("fenced JSON is JSON", new AnswerCheck.ValidJson(null),
                        CandidateAnswer.of("```json\n{\"a\": 1}\n```"), null),
                new Case("a missing required property fails the schema", schema(),
                        CandidateAnswer.of("{\"name\": \"Ann\"}"), "$ is missing required property 'age'"),
                new Case("a wrong type fails the schema with its path", schema(),
                        CandidateAnswer.of("{\"name\": \"Ann\", \"age\": \"old\"}"), "$.age must be \"integer\""),
                new Case("a wrong array item type fails", schema(),
                        CandidateAnswer.of("{\"name\": \"A\", \"age\": 3, \"tags\": [\"x\", 2]}"), "$.tags[1]"),
                new Case("a value outside the enum fails", schema(),
                        CandidateAnswer.of("{\"name\": \"A\", \"age\": 3, \"status\": \"gone\"}"), "must be one of"),
                new Case("an extra property fails when not allowed", schema(),
                        CandidateAnswer.of("{\"name\": \"A\", \"age\": 3, \"x\": 1}"), "does not allow"),
                new Case("a matching object passes the schema", schema(),
                        CandidateAnswer.of("{\"name\": \"A\", \"age\": 3, \"tags\": [\"x\"], \"status\": \"active\"}"), null),
                new Case("low mean log-probability is not confident", new AnswerCheck.Confident(-1.0),
                        new CandidateAnswer("maybe", FinishReason.STOP, List.of(-0.5, -2.5)), "-1.500 is below -1.000"),
                new Case("high mean log-probability is confident", new AnswerCheck.Confident(-1.0),
                        new CandidateAnswer("sure", FinishReason.STOP, List.of(-0.1, -0.3)), null),
                new Case("one token far below the least log-probability is not confident",
                        new AnswerCheck.Confident(-2.0, -5.0),
                        new CandidateAnswer("sure", FinishReason.STOP, List.of(-0.01, -0.01, -0.01, -6.0)),
                        "a token's log-probability -6.000 is below -5.000"),
                new Case("every token above the least log-probability is confident",
                        new AnswerCheck.Confident(Double.NEGATIVE_INFINITY, -5.0),
                        new CandidateAnswer("sure", FinishReason.STOP, List.of(-4.9, -0.2)), null));
    }

    @org.junit.jupiter.api.Test
    void withoutLogprobsTheConfidenceCheckSaysItCouldNotRunInsteadOfPassingSilently() {
        var gate = new QualityGate(List.of(new AnswerCheck.NonEmpty(), new AnswerCheck.Confident(-1.0)));

        var result = gate.check(CandidateAnswer.of("sure"));

        assertThat(result.passed()).isTrue();
        assertThat(result.notRun()).containsExactly("confidence: the engine gave no token log-probabilities");
        assertThat(gate.readsLogprobs()).isTrue();
        assertThat(QualityGate.defaults().readsLogprobs()).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void eachCheckPassesOrSaysWhy(Case c) {
        var result = new QualityGate(List.of(c.check())).check(c.answer());
        if (c.failsWith() == null) {
            assertThat(result).isEqualTo(QualityGate.Result.PASSED);
        } else {
            assertThat(result.passed()).isFalse();
            assertThat(result.failingCheck()).isEqualTo(c.check().name());
            assertThat(result.detail()).contains(c.failsWith());
        }
    }

    @org.junit.jupiter.api.Test
    void theGateReportsTheFirstFailingCheckInOrder() {
        var gate = new QualityGate(List.of(new AnswerCheck.NonEmpty(), new AnswerCheck.ValidJson(null)));
        assertThat(gate.check(CandidateAnswer.of("")).failingCheck()).isEqualTo("non_empty");
        assertThat(gate.check(CandidateAnswer.of("text")).failingCheck()).isEqualTo("valid_json");
    }
}
