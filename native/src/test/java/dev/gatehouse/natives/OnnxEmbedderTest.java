package dev.gatehouse.natives;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The built-in all-MiniLM-L6-v2 (quantised) from the langchain4j jar on the classpath. */
class OnnxEmbedderTest {

    private static OnnxEmbedder embedder;

    @BeforeAll
    static void open() {
        TestModels.loadLibraries();
        embedder = OnnxEmbedder.openBuiltin("all-minilm-l6-v2");
    }

    @AfterAll
    static void close() {
        embedder.close();
    }

    private static double cosine(float[] a, float[] b) {
        double dot = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
        }
        return dot;
    }

    @Test
    void similarSentencesAreCloseAndUnrelatedOnesAreNot() {
        float[][] v = embedder.embed(List.of("The cat sits on the mat.", "A kitten is resting on a rug.",
                "Stock markets fell sharply today.")).vectors();
        assertThat(cosine(v[0], v[1])).isCloseTo(0.627, within(0.03));
        assertThat(cosine(v[0], v[2])).isCloseTo(0.049, within(0.05));
    }

    @Test
    void vectorsHaveUnitLengthAndTheModelsDimensions() {
        Embeddings result = embedder.embed(List.of("hello world", "The quick brown fox."));
        assertThat(embedder.dimensions()).isEqualTo(384);
        for (float[] vector : result.vectors()) {
            assertThat(vector).hasSize(384);
            assertThat(Math.sqrt(cosine(vector, vector))).isCloseTo(1.0, within(1e-4));
        }
        assertThat(result.tokens()).isEqualTo(4 + 7); // [CLS] hello world [SEP]; [CLS] the quick brown fox . [SEP]
    }

    @Test
    void aBatchGivesTheSameVectorsAsOneByOne() {
        List<String> inputs = List.of("short", "a somewhat longer sentence about routing requests", "");
        float[][] batch = embedder.embed(inputs).vectors();
        for (int i = 0; i < inputs.size(); i++) {
            float[] single = embedder.embed(List.of(inputs.get(i))).vectors()[0];
            assertThat(cosine(batch[i], single)).isCloseTo(1.0, within(1e-4));
        }
    }

    @Test
    void textsThatDifferOnlyPastTheWindowHaveEqualWindowsAndTheWindowGivesTheTextsVector() {
        String head = "routing requests between local models and approved providers ".repeat(40);
        EmbeddingWindow a = embedder.window(head + "first question");
        EmbeddingWindow b = embedder.window(head + "another question entirely");
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a.pieces()).isEqualTo(256);
        assertThat(embedder.window("first question")).isNotEqualTo(embedder.window("another question"));
        assertThat(embedder.embed(a)).containsExactly(embedder.embed(List.of(head + "first question")).vectors()[0]);
    }

    @Test
    void anEmptyStringAndLongInputsAreEmbedded() {
        Embeddings result = embedder.embed(List.of("", "word ".repeat(2000)));
        assertThat(result.vectors()[0]).hasSize(384);
        assertThat(result.tokens()).isEqualTo(2 + 256);
    }

    @Test
    void filesFromTheSharedFolderGiveTheSameVectorsAsTheBuiltIn() {
        Path onnx = TestModels.shared("all-minilm-l6-v2-q.onnx");
        Path tokenizer = TestModels.shared("all-minilm-l6-v2-q-tokenizer.json");
        try (OnnxEmbedder fromFiles = OnnxEmbedder.open(onnx, tokenizer)) {
            float[] a = fromFiles.embed(List.of("routing")).vectors()[0];
            float[] b = embedder.embed(List.of("routing")).vectors()[0];
            assertThat(cosine(a, b)).isCloseTo(1.0, within(1e-3));
        }
    }

    @Test
    void missingFilesAndUnknownBuiltInsAreModelFileMissing(@TempDir Path dir) {
        assertThatThrownBy(() -> OnnxEmbedder.open(dir.resolve("m.onnx"), dir.resolve("t.json")))
                .isInstanceOfSatisfying(NativeException.class,
                        e -> assertThat(e.kind()).isEqualTo(NativeException.Kind.MODEL_FILE_MISSING));
        assertThatThrownBy(() -> OnnxEmbedder.openBuiltin("bge-small"))
                .isInstanceOfSatisfying(NativeException.class,
                        e -> assertThat(e.kind()).isEqualTo(NativeException.Kind.MODEL_FILE_MISSING));
    }

    @Test
    void useAfterCloseIsAnIllegalStateAndClosingTwiceIsFine() {
        OnnxEmbedder own = OnnxEmbedder.openBuiltin("all-minilm-l6-v2");
        own.close();
        own.close();
        assertThatThrownBy(() -> own.embed(List.of("x"))).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> own.window("x")).isInstanceOf(IllegalStateException.class);
    }
}
