package dev.gatehouse.router.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The deterministic tools on a labelled set of requests (src/test/resources/tools/labelled-requests.tsv): questions
 * each tool answers exactly, and near misses (a word it does not know, a missing year, a unit it cannot convert) that
 * must go to a model. Precision is the point: a tool must never answer a request it only half matched.
 */
class ToolPrecisionTest {
    private static final LocalDate TODAY = LocalDate.of(2026, 12, 6);

    record Case(String prompt, String expected, String answerContains) {
        @Override
        public String toString() {
            return prompt + " → " + expected;
        }
    }

    static Stream<Case> cases() throws IOException {
        List<Case> cases = new ArrayList<>();
        try (InputStream in = ToolPrecisionTest.class.getResourceAsStream("/tools/labelled-requests.tsv")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) continue;
                String[] f = line.split("\t");
                cases.add(new Case(f[0], f[1], f.length > 2 ? f[2] : null));
            }
        }
        return cases.stream();
    }

    static Optional<ToolAnswer> firstTool(String prompt) {
        return Calculator.answer(prompt).or(() -> DateCalculator.answer(prompt, TODAY));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void eachLabelledRequestGoesWhereItsLabelSaysWithTheExactAnswer(Case c) {
        Optional<ToolAnswer> answer = firstTool(c.prompt());
        if (c.expected().equals("model")) {
            assertThat(answer).as("a near miss must go to a model").isEmpty();
        } else {
            assertThat(answer).as("a question the tool answers exactly").isPresent();
            assertThat(answer.get().tool()).isEqualTo(c.expected());
            assertThat(answer.get().content()).contains(c.answerContains());
        }
    }

    @Test
    void theSetHoldsNearMissesAndAnswersForBothTools() throws IOException {
        List<Case> all = cases().toList();
        assertThat(all.stream().filter(c -> c.expected().equals("model")).count()).isGreaterThanOrEqualTo(20);
        assertThat(all.stream().filter(c -> c.expected().equals(Calculator.NAME)).count()).isGreaterThanOrEqualTo(15);
        assertThat(all.stream().filter(c -> c.expected().equals(DateCalculator.NAME)).count()).isGreaterThanOrEqualTo(8);
    }

    @Test
    void aPromptLongerThanAQuestionIsNeverATool() {
        assertThat(firstTool("what is " + "1 + ".repeat(60) + "1")).isEmpty();
    }
}
