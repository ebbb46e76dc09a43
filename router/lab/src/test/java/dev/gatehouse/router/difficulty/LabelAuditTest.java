package dev.gatehouse.router.difficulty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LabelAuditTest {

    /** n four-option questions in one group; the first weakRight / strongRight are answered correctly. */
    static List<RoutingExample> group(String name, int n, int weakRight, int strongRight, boolean withOptions) {
        var rows = new ArrayList<RoutingExample>();
        for (int i = 0; i < n; i++) {
            String prompt = "Question " + i + "?" + (withOptions ? "\nA. one\nB. two\nC. three\nD. four" : "");
            rows.add(new RoutingExample(prompt, name, i < weakRight ? 1 : 0, i < strongRight ? 1 : 0, Double.NaN, Double.NaN));
        }
        return rows;
    }

    @Test
    void aModelRightFarLessOftenThanGuessingOnMultipleChoiceIsFlaggedWithItsFigures() {
        var rows = new ArrayList<>(group("maths", 270, 86, 8, true));
        rows.addAll(group("biology", 300, 240, 280, true));

        var suspects = LabelAudit.audit(rows, "mixtral", "gpt-4");

        assertThat(suspects).extracting(LabelAudit.Suspect::group, LabelAudit.Suspect::model)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("maths", "gpt-4"));
        assertThat(suspects.getFirst().why()).contains("right on 8 of 270 (3.0%)", "25% guessing", "4-option");
        assertThat(LabelAudit.without(rows, suspects)).hasSize(300).allMatch(e -> e.group().equals("biology"));
    }

    @Test
    void anHonestlyWeakModelJustBelowChanceIsNotFlagged() {
        assertThat(LabelAudit.audit(group("hard", 200, 40, 70, true), "weak", "strong")).isEmpty();
    }

    @Test
    void freeFormPromptsHaveNoGuessingRateAndAreNeverFlagged() {
        assertThat(LabelAudit.audit(group("open", 200, 0, 0, false), "weak", "strong")).isEmpty();
    }

    @Test
    void theBinomialTailMatchesSmallCasesAndStaysFiniteForLargeOnes() {
        assertThat(LabelAudit.binomialLowerTail(0, 10, 0.5)).isCloseTo(1.0 / 1024, within(1e-12));
        assertThat(LabelAudit.binomialLowerTail(10, 10, 0.5)).isCloseTo(1.0, within(1e-12));
        assertThat(LabelAudit.binomialLowerTail(8, 270, 0.25)).isBetween(1e-40, 1e-20);
    }
}
