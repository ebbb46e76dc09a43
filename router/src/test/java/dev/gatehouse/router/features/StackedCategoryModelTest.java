package dev.gatehouse.router.features;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.router.features.TaskClassifier.EmbeddedExample;
import dev.gatehouse.router.features.TaskClassifier.Method;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The stacked and blended methods on small example sets with hand-made embeddings, so that each test controls what the embedding
 * can and cannot tell apart. The method's accuracy on real prompts is measured by {@code eval category}.
 */
class StackedCategoryModelTest {

    private static final float[] SAME = unit(1, 1, 1, 1);

    private static EmbeddedExample example(String category, String text, float[] embedding) {
        return new EmbeddedExample(category, text, embedding);
    }

    private static float[] unit(float... v) {
        double norm = 0;
        for (float x : v) norm += x * x;
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) out[i] = (float) (v[i] / Math.sqrt(norm));
        return out;
    }

    private static String label(TaskClassifier classifier, String text, float[] embedding) {
        return classifier.classify(text, embedding, false, false).category();
    }

    /** Recipes and travel questions whose embeddings are all the same vector: only the words tell them apart. */
    private static List<EmbeddedExample> sameEmbeddingDifferentWords() {
        List<EmbeddedExample> out = new ArrayList<>();
        for (String dish : List.of("omelette", "risotto", "pancakes", "lasagne", "curry", "soup")) {
            out.add(example("recipes", "how long do I bake the " + dish + " in the oven and at what heat", SAME));
        }
        for (String city : List.of("Lisbon", "Oslo", "Kyoto", "Lima", "Cairo", "Quebec")) {
            out.add(example("travel", "which train goes from the airport to " + city + " centre and what is the fare", SAME));
        }
        return out;
    }

    @Test
    void stackedLabelsByTheWordsWhenTheEmbeddingCannotTellCategoriesApart() {
        TaskClassifier stacked = TaskClassifier.fit(sameEmbeddingDifferentWords(), Method.STACKED);

        assertThat(label(stacked, "how long do I bake the bread in the oven and at what heat", SAME))
                .isEqualTo("recipes");
        assertThat(label(stacked, "which train goes from the airport to Porto centre and what is the fare", SAME))
                .isEqualTo("travel");
    }

    @Test
    void similarityAloneCannotSeparateExamplesWithOneEmbedding() {
        // the counterpart of the test above: what the trigrams add, since every similarity vote is a tie here
        TaskClassifier similarity = TaskClassifier.fit(sameEmbeddingDifferentWords(), Method.SIMILARITY);

        String recipe = label(similarity, "how long do I bake the bread in the oven and at what heat", SAME);
        String travel = label(similarity, "which train goes from the airport to Porto centre and what is the fare", SAME);
        assertThat(recipe).isEqualTo(travel);
    }

    @Test
    void stackedFollowsTheEmbeddingWhenTheWordsAreTheSame() {
        float[] north = unit(1, 0.1f, 0, 0);
        float[] south = unit(0, 0, 0.1f, 1);
        List<EmbeddedExample> examples = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            examples.add(example("north", "please help with this", unit(1, 0.1f * i, 0, 0.05f * i)));
            examples.add(example("south", "please help with this", unit(0.05f * i, 0, 0.1f * i, 1)));
        }
        TaskClassifier stacked = TaskClassifier.fit(examples, Method.STACKED);

        assertThat(label(stacked, "please help with this", north)).isEqualTo("north");
        assertThat(label(stacked, "please help with this", south)).isEqualTo("south");
    }

    @Test
    void stackedNamesOnlyCategoriesItWasShownAndIsConfidentOnAClearCase() {
        TaskClassifier stacked = TaskClassifier.fit(sameEmbeddingDifferentWords(), Method.STACKED);

        CategoryGuess guess = stacked.classify("how long do I bake the omelette in the oven and at what heat", SAME,
                false, false);
        assertThat(stacked.categories()).containsExactly("recipes", "travel");
        assertThat(guess.category()).isEqualTo("recipes");
        assertThat(guess.semantic()).isTrue();
        assertThat(guess.confidence()).isGreaterThan(0.5);
    }

    @Test
    void withoutAnEmbeddingTheStackedClassifierFallsBackToTheKeywordRules() {
        List<EmbeddedExample> examples = new ArrayList<>(sameEmbeddingDifferentWords());
        examples.add(example("coding", "write a python function that sorts a list", SAME));
        TaskClassifier stacked = TaskClassifier.fit(examples, Method.STACKED);

        CategoryGuess guess = stacked.classify("fix the bug in this python function", null, false, false);
        assertThat(guess.category()).isEqualTo("coding");
        assertThat(guess.semantic()).isFalse();
    }

    @Test
    void theBlendFollowsTheWordsWhenEverySimilarityVoteTies() {
        TaskClassifier blended = TaskClassifier.fit(sameEmbeddingDifferentWords(), Method.BLENDED);

        assertThat(label(blended, "how long do I bake the bread in the oven and at what heat", SAME))
                .isEqualTo("recipes");
        assertThat(label(blended, "which train goes from the airport to Porto centre and what is the fare", SAME))
                .isEqualTo("travel");
    }

    @Test
    void theBlendFollowsTheEmbeddingWhenTheWordsAreTheSame() {
        List<EmbeddedExample> examples = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            examples.add(example("north", "please help with this", unit(1, 0.1f * i, 0, 0.05f * i)));
            examples.add(example("south", "please help with this", unit(0.05f * i, 0, 0.1f * i, 1)));
        }
        TaskClassifier blended = TaskClassifier.fit(examples, Method.BLENDED);

        assertThat(label(blended, "please help with this", unit(1, 0.1f, 0, 0))).isEqualTo("north");
        assertThat(label(blended, "please help with this", unit(0, 0, 0.1f, 1))).isEqualTo("south");
    }
}
