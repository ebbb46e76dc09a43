package dev.gatehouse.router.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** {@code --embedder minilm-N}: MiniLM over a shorter window, named by it, for the window measurements. */
class EmbedderChoiceTest {

    static final String HEAD = "Summarise the notes from the harbour meeting about the winter ferry schedule and the "
            + "engines of the older vessels in three short bullet points for the council. ";

    @Test
    void aShorterWindowIsNamedByItsLengthAndReadsNoFurther() {
        try (var short16 = EmbedderChoice.open("minilm-16"); var full = EmbedderChoice.open("minilm")) {
            assertThat(short16.name()).isEqualTo("all-minilm-l6-v2-16");
            assertThat(full.name()).isEqualTo("all-minilm-l6-v2-128");
            String a = HEAD + "Then list what the fuel will cost.";
            String b = HEAD + "Then say which route loses money.";
            assertThat(short16.embedder().embed(a)).as("the texts differ past 16 pieces").isEqualTo(
                    short16.embedder().embed(b));
            assertThat(full.embedder().embed(a)).isNotEqualTo(full.embedder().embed(b));
        }
    }

    @Test
    void aWindowOutsideWhatMiniLmReadsIsRefusedNamingTheOption() {
        assertThatThrownBy(() -> EmbedderChoice.open("minilm-1024")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--embedder").hasMessageContaining("8 to 512");
        assertThatThrownBy(() -> EmbedderChoice.open("minilm-x")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--embedder");
    }
}
