package dev.gatehouse.router.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class CategoryScoresTest {

    @Test
    void precisionRecallAndF1PerCategoryAreCountedFromTheConfusions() {
        var scores = new CategoryScores();
        // coding: 3 labelled, 2 right, 1 read as math; math: 2 labelled, both right; reasoning: 1 labelled, read as
        // chit-chat, which the data never labels
        scores.add("coding", "coding");
        scores.add("coding", "coding");
        scores.add("coding", "math");
        scores.add("math", "math");
        scores.add("math", "math");
        scores.add("reasoning", "chit-chat");

        assertThat(scores.accuracy()).isCloseTo(4 / 6.0, within(1e-9));
        var per = scores.perCategory();
        assertThat(per).extracting(CategoryScores.PerCategory::category)
                .containsExactly("chit-chat", "coding", "math", "reasoning");
        var coding = per.get(1);
        assertThat(coding.precision()).isEqualTo(1.0);
        assertThat(coding.recall()).isCloseTo(2 / 3.0, within(1e-9));
        assertThat(coding.f1()).isCloseTo(0.8, within(1e-9));
        var math = per.get(2);
        assertThat(math.precision()).isCloseTo(2 / 3.0, within(1e-9));
        assertThat(math.recall()).isEqualTo(1.0);
        assertThat(per.get(0).precision()).as("chit-chat predicted once, never right").isZero();
        assertThat(per.get(3).recall()).isZero();
        // macro F1 over the three labelled categories: (0.8 + 0.8 + 0) / 3
        assertThat(scores.macroF1()).isCloseTo(1.6 / 3, within(1e-9));
        assertThat(scores.confusions(5)).extracting(c -> c.expected() + "->" + c.predicted())
                .containsExactlyInAnyOrder("coding->math", "reasoning->chit-chat");
    }

    @Test
    void pooledFoldsAddUpLikeOneRun() {
        var a = new CategoryScores();
        a.add("math", "math");
        var b = new CategoryScores();
        b.add("math", "coding");
        a.addAll(b);
        assertThat(a.total()).isEqualTo(2);
        assertThat(a.accuracy()).isEqualTo(0.5);
        assertThat(a.perCategory().get(1).recall()).isEqualTo(0.5);
    }
}
