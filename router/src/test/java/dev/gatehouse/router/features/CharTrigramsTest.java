package dev.gatehouse.router.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class CharTrigramsTest {

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }

    @Test
    void caseAndRunsOfWhiteSpaceDoNotChangeTheVector() {
        assertThat(CharTrigrams.of("Write a POEM\n\n about   rain"))
                .containsExactly(CharTrigrams.of("write a poem about rain"), within(1e-12));
    }

    @Test
    void theVectorHasUnitLengthAndAnEmptyTextHasNone() {
        assertThat(dot(CharTrigrams.of("求数列的通项公式"), CharTrigrams.of("求数列的通项公式"))).isCloseTo(1, within(1e-9));
        assertThat(CharTrigrams.of("")).containsOnly(0);
    }

    @Test
    void promptsSharingWordsAreCloserThanPromptsInAnotherScript() {
        double[] poem = CharTrigrams.of("Напиши стихотворение о море");
        double[] alsoPoem = CharTrigrams.of("Напиши короткое стихотворение о зиме");
        double[] sums = CharTrigrams.of("已知数列满足条件，求通项公式");
        assertThat(dot(poem, alsoPoem)).isGreaterThan(0.3);
        assertThat(dot(poem, sums)).isLessThan(0.05);
    }

    @Test
    void onlyTheHeadOfALongPromptIsRead() {
        String head = "x".repeat(1999) + "y";
        assertThat(CharTrigrams.of(head + " and a long tail that changes nothing"))
                .containsExactly(CharTrigrams.of(head), within(1e-12));
    }
}
