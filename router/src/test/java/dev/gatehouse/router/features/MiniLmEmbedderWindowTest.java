package dev.gatehouse.router.features;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class MiniLmEmbedderWindowTest {
    static MiniLmEmbedder embedder;

    @BeforeAll
    static void open() {
        embedder = MiniLmEmbedder.open();
    }

    @AfterAll
    static void close() {
        embedder.close();
    }

    /** 150 short English words: well over the window in word pieces. */
    static String head() {
        return "the cat sat on the mat and looked at the dog ".repeat(14);
    }

    @Test
    void wordsPastTheWindowDoNotChangeTheVector() {
        assertThat(embedder.embed(head() + "quantum chromodynamics lattice gauge theory"))
                .containsExactly(embedder.embed(head() + "a recipe for lemon cake with fresh berries"));
    }

    @Test
    void promptsThatDifferOnlyPastTheWindowRunTheModelOnceAndEachGetsItsOwnCopy() {
        try (MiniLmEmbedder fresh = MiniLmEmbedder.open()) {
            float[] first = fresh.embed(head() + "what does the cat think of the dog?");
            float[] second = fresh.embed(head() + "and what does the dog think of the cat?");
            assertThat(fresh.runs()).isEqualTo(1);
            assertThat(second).containsExactly(first).isNotSameAs(first);
            first[0] = 42; // a caller changing its vector does not change what the next caller gets
            assertThat(fresh.embed(head() + "a third question")).containsExactly(second);

            fresh.embed("a short prompt of its own");
            assertThat(fresh.runs()).isEqualTo(2);
        }
    }

    @Test
    void wordsInsideTheWindowDo() {
        String tail = "the cat sat on the mat";
        assertThat(embedder.embed("quantum chromodynamics " + tail)).isNotEqualTo(embedder.embed("lemon cake " + tail));
    }

    @Test
    void oneThreadGivesTheVectorsOfTheThreadPoolTheDifficultyModelWasTrainedOn() {
        String prompt = "Which of the following is NOT a prime number?\nA. 2\nB. 3\nC. 9\nD. 11\nAnswer:";
        try (var pooled = dev.gatehouse.natives.OnnxEmbedder.openBuiltin("all-minilm-l6-v2", MiniLmEmbedder.WORD_PIECES)) {
            float[] expected = pooled.embed(java.util.List.of(prompt)).vectors()[0];
            float[] actual = embedder.embed(prompt);
            for (int j = 0; j < expected.length; j++) {
                assertThat(actual[j]).isCloseTo(expected[j], org.assertj.core.data.Offset.offset(1e-5f));
            }
        }
    }

    @Test
    void theNameSaysWhichWindowTheVectorsCameFrom() {
        assertThat(MiniLmEmbedder.NAME).isEqualTo("all-minilm-l6-v2-" + MiniLmEmbedder.WORD_PIECES);
        assertThat(MiniLmEmbedder.WORD_PIECES).isEqualTo(128);
    }
}
