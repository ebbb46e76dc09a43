package dev.gatehouse.router.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The static embedder over a random table with MiniLM's real tokenizer (30,522 pieces × 8 dimensions). */
class StaticEmbedderTest {
    static final int VOCABULARY = 30_522;
    static StaticTable table;
    static StaticEmbedder embedder;
    static PieceWindow window;

    @BeforeAll
    static void open() {
        Random random = new Random(7);
        float[] values = new float[VOCABULARY * 8];
        for (int i = 0; i < values.length; i++) values[i] = (float) random.nextGaussian();
        table = new StaticTable("random-test-table", VOCABULARY, 8, values);
        embedder = StaticEmbedder.over(table);
        window = PieceWindow.miniLm();
    }

    @AfterAll
    static void close() {
        embedder.close();
        window.close();
    }

    static String head() {
        return "the cat sat on the mat and looked at the dog ".repeat(14);
    }

    @Test
    void aPromptsVectorIsTheUnitSumOfItsPiecesRowsWithClsAndSep() {
        float[] vector = embedder.embed("Write a haiku");
        long[] ids = window.ids("Write a haiku");
        assertThat(ids).startsWith(101).endsWith(102); // [CLS] … [SEP]
        float[] sum = new float[8];
        for (long id : ids) for (int d = 0; d < 8; d++) sum[d] += table.values()[(int) id * 8 + d];
        double norm = 0;
        for (float x : sum) norm += x * x;
        for (int d = 0; d < 8; d++) assertThat(vector[d]).isCloseTo((float) (sum[d] / Math.sqrt(norm)), org.assertj.core.data.Offset.offset(1e-5f));
    }

    @Test
    void wordsPastMiniLmsWindowDoNotChangeTheVector() {
        assertThat(embedder.embed(head() + "quantum chromodynamics lattice gauge theory"))
                .containsExactly(embedder.embed(head() + "a recipe for lemon cake with fresh berries"));
        assertThat(embedder.embed("quantum chromodynamics " + head()))
                .isNotEqualTo(embedder.embed("lemon cake " + head()));
    }

    @Test
    void theWindowOfALongTextIsTheTruncationOfTheWholeText() {
        String document = ("A paragraph of a pasted document,\twith tabs and\nnew lines and punctuation; "
                + "supercalifragilistic words too. ").repeat(400);
        long[] windowed = window.ids(document);
        try (var whole = StaticEmbedder.openTokenizer()) {
            assertThat(windowed).hasSize(MiniLmEmbedder.WORD_PIECES).containsExactly(whole.encode(document).getIds());
        }
    }

    @Test
    void aTableSurvivesWritingAndReadingWithItsName(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("t.bin");
        table.write(file);
        StaticTable read = StaticTable.read(file);
        assertThat(read.name()).isEqualTo("random-test-table");
        assertThat(read.rows()).isEqualTo(VOCABULARY);
        assertThat(read.values()).containsExactly(table.values());
        assertThat(Files.list(dir)).containsExactly(file);
    }

    @Test
    void aFileThatIsNotATableIsRefusedNamingTheMagic() {
        assertThatThrownBy(() -> StaticTable.read(new ByteArrayInputStream(new byte[] {0, 5, 'h', 'e', 'l', 'l', 'o'}), "x.bin"))
                .isInstanceOf(IOException.class).hasMessageContaining("x.bin: not a static table (magic hello, expected GHSTATIC2)");
    }
}
