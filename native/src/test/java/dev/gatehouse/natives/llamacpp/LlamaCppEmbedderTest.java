package dev.gatehouse.natives.llamacpp;

import dev.gatehouse.manifest.gguf.RandomBertGguf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.manifest.gguf.RandomLlamaGguf;
import dev.gatehouse.manifest.gguf.RandomLlamaSpec;
import dev.gatehouse.natives.Embeddings;
import dev.gatehouse.natives.EngineInfo;
import dev.gatehouse.natives.NativeException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The llama.cpp embedder on generated models: a tiny random BERT (encoder-only, pooling declared in the file, as
 * real embedding GGUFs are) and a random llama (a decoder, pooled because the options say how).
 */
class LlamaCppEmbedderTest {

    private static final List<String> TEXTS = List.of("the cat sat on the mat", "hello world", "a dog",
            "gate house embed text", "42 is a number!");

    @TempDir
    static Path dir;
    static LlamaCppLibrary lib;
    static Path bertFile;
    static Path llamaFile;
    static LlamaCppEmbedder bert;
    static LlamaCppEmbedder llamaLast;

    @BeforeAll
    static void load() throws Exception {
        lib = CpuBackend.library();
        bertFile = dir.resolve("bert.gguf");
        RandomBertGguf.writeTiny(bertFile);
        llamaFile = dir.resolve("llama.gguf");
        RandomLlamaGguf.write(llamaFile, RandomLlamaSpec.tiny());
        bert = LlamaCppEmbedder.open(lib, EmbeddingLoadOptions.cpu(bertFile, 128));
        llamaLast = LlamaCppEmbedder.open(lib, EmbeddingLoadOptions.cpu(llamaFile, 128)
                .withPooling(EmbeddingPooling.LAST));
    }

    @AfterAll
    static void unload() {
        if (bert != null) bert.close();
        if (llamaLast != null) llamaLast.close();
    }

    @Test
    void aBertModelEmbedsWithThePoolingItsFileDeclaresOnTheCpu() {
        assertThat(bert.pooling()).isEqualTo(EmbeddingPooling.MEAN);
        assertThat(bert.dimensions()).isEqualTo(64);
        EngineInfo info = bert.info();
        assertThat(info.engine()).isEqualTo("llama.cpp");
        assertThat(info.backend()).isEqualTo("cpu");
        assertThat(info.libraryVersion()).isEqualTo(LlamaCppLibrary.PINNED_VERSION);
        assertThat(info.gpuLayers()).isZero();
    }

    @Test
    void everyVectorHasTheModelsDimensionsAndUnitLength() {
        for (LlamaCppEmbedder embedder : List.of(bert, llamaLast)) {
            Embeddings result = embedder.embed(TEXTS);
            assertThat(result.vectors().length).isEqualTo(TEXTS.size());
            for (float[] vector : result.vectors()) {
                assertThat(vector).hasSize(embedder.dimensions());
                assertThat(norm(vector)).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));
            }
        }
    }

    @Test
    void theSameTextGivesTheSameVectorEveryTime() {
        float[] first = bert.embed(List.of("hello world")).vectors()[0];
        float[] again = bert.embed(List.of("hello world")).vectors()[0];
        assertThat(again).containsExactly(first);
    }

    @Test
    void differentTextsGiveDifferentVectors() {
        for (LlamaCppEmbedder embedder : List.of(bert, llamaLast)) {
            float[][] vectors = embedder.embed(TEXTS).vectors();
            for (int i = 0; i < vectors.length; i++) {
                for (int j = i + 1; j < vectors.length; j++) {
                    assertThat(dot(vectors[i], vectors[j])).as("cosine of %s and %s", TEXTS.get(i), TEXTS.get(j))
                            .isLessThan(0.999);
                }
            }
        }
    }

    @Test
    void aBatchOfSeveralInputsEmbedsAsEachInputAlone() {
        for (LlamaCppEmbedder embedder : List.of(bert, llamaLast)) {
            float[][] together = embedder.embed(TEXTS).vectors();
            for (int i = 0; i < TEXTS.size(); i++) {
                float[] alone = embedder.embed(List.of(TEXTS.get(i))).vectors()[0];
                assertThat(dot(together[i], alone)).as(TEXTS.get(i)).isGreaterThan(0.99999);
                assertThat(together[i]).containsExactly(alone, org.assertj.core.data.Offset.offset(1e-4f));
            }
        }
    }

    @Test
    void inputsBeyondOneBatchAreSplitAcrossCallsInOrder() {
        try (LlamaCppEmbedder twoAtATime = LlamaCppEmbedder.open(lib, EmbeddingLoadOptions.cpu(bertFile, 128)
                .withSequences(2))) {
            float[][] split = twoAtATime.embed(TEXTS).vectors();
            float[][] whole = bert.embed(TEXTS).vectors();
            for (int i = 0; i < TEXTS.size(); i++) {
                assertThat(split[i]).as(TEXTS.get(i)).containsExactly(whole[i],
                        org.assertj.core.data.Offset.offset(1e-4f));
            }
        }
    }

    @Test
    void tokenCountsIncludeTheSpecialTokensOfEveryInput() {
        // [CLS] hello world [SEP]: WordPiece finds both words whole
        assertThat(bert.countTokens("hello world")).isEqualTo(4);
        int expected = TEXTS.stream().mapToInt(bert::countTokens).sum();
        assertThat(bert.embed(TEXTS).tokens()).isEqualTo(expected);
        assertThat(llamaLast.embed(List.of("hello")).tokens()).isEqualTo(llamaLast.countTokens("hello"));
    }

    @Test
    void thePoolingDecidesTheVector() throws Exception {
        Path clsFile = dir.resolve("bert-cls.gguf");
        RandomBertGguf.write(clsFile, 2, 64, 4, 128, 11, "cls"); // the same weights as bertFile
        try (LlamaCppEmbedder cls = LlamaCppEmbedder.open(lib, EmbeddingLoadOptions.cpu(clsFile, 128));
             LlamaCppEmbedder llamaMean = LlamaCppEmbedder.open(lib, EmbeddingLoadOptions.cpu(llamaFile, 128)
                     .withPooling(EmbeddingPooling.MEAN))) {
            assertThat(cls.pooling()).isEqualTo(EmbeddingPooling.CLS);
            assertThat(dot(cls.embed(TEXTS).vectors()[0], bert.embed(TEXTS).vectors()[0])).isLessThan(0.999);
            assertThat(llamaMean.pooling()).isEqualTo(EmbeddingPooling.MEAN);
            assertThat(dot(llamaMean.embed(TEXTS).vectors()[0], llamaLast.embed(TEXTS).vectors()[0]))
                    .isLessThan(0.999);
        }
    }

    @Test
    void aModelThatDeclaresNoPoolingIsRefusedByName() {
        assertThatThrownBy(() -> LlamaCppEmbedder.open(lib, EmbeddingLoadOptions.cpu(llamaFile, 128)))
                .isInstanceOfSatisfying(NativeException.class,
                        e -> assertThat(e.kind()).isEqualTo(NativeException.Kind.INVALID_ARGUMENT))
                .hasMessageContaining("declares no pooling")
                .hasMessageContaining("mean, cls or last");
    }

    @Test
    void anInputLongerThanTheContextIsAContextOverflowNamingIt() {
        String longText = "hello ".repeat(200);
        assertThatThrownBy(() -> bert.embed(List.of("a cat", longText)))
                .isInstanceOfSatisfying(NativeException.class,
                        e -> assertThat(e.kind()).isEqualTo(NativeException.Kind.CONTEXT_OVERFLOW))
                .hasMessage("input[1] has 202 tokens; this model embeds at most 128 tokens per input");
    }

    @Test
    void anInputCannotOutgrowTheTrainedContextWhateverTheOptionsAsk() {
        try (LlamaCppEmbedder wide = LlamaCppEmbedder.open(lib, EmbeddingLoadOptions.cpu(bertFile, 4096))) {
            assertThat(wide.contextLength()).isEqualTo(128); // the BERT's position table has 128 rows
            assertThatThrownBy(() -> wide.embed(List.of("hello ".repeat(127))))
                    .isInstanceOfSatisfying(NativeException.class,
                            e -> assertThat(e.kind()).isEqualTo(NativeException.Kind.CONTEXT_OVERFLOW));
        }
    }

    @Test
    void anEmptyTextIsEmbeddedFromItsSpecialTokensAndNoInputsGiveNoVectors() {
        Embeddings empty = bert.embed(List.of(""));
        assertThat(empty.tokens()).isEqualTo(2); // [CLS] [SEP]
        assertThat(norm(empty.vectors()[0])).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));
        Embeddings none = bert.embed(List.of());
        assertThat(none.vectors().length).isZero();
        assertThat(none.tokens()).isZero();
    }

    @Test
    void concurrentCallersGetTheVectorsTheyWouldGetAlone() throws Exception {
        List<float[]> alone = new ArrayList<>();
        for (String text : TEXTS) alone.add(bert.embed(List.of(text)).vectors()[0]);
        ExecutorService callers = Executors.newFixedThreadPool(TEXTS.size());
        try {
            List<Future<float[]>> results = new ArrayList<>();
            for (int round = 0; round < 4; round++) {
                for (String text : TEXTS) results.add(callers.submit(() -> bert.embed(List.of(text)).vectors()[0]));
            }
            for (int i = 0; i < results.size(); i++) {
                assertThat(results.get(i).get()).containsExactly(alone.get(i % TEXTS.size()));
            }
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    void aClosedEmbedderRefusesCallsAndClosesOnce() {
        LlamaCppEmbedder embedder = LlamaCppEmbedder.open(lib, EmbeddingLoadOptions.cpu(bertFile, 64));
        embedder.close();
        embedder.close();
        assertThatThrownBy(() -> embedder.embed(List.of("hello"))).isInstanceOf(IllegalStateException.class)
                .hasMessage("embedding model is closed");
    }

    /** A leak would keep each cycle's weights and buffers: 15 cycles would grow by 15 footprints, not less than one. */
    @Test
    void closingReturnsTheMemoryOfTheModelAndItsContext() throws Exception {
        Path big = dir.resolve("big.gguf");
        RandomLlamaGguf.write(big, RandomLlamaSpec.ofApproxBytes(48L << 20));
        EmbeddingLoadOptions options = EmbeddingLoadOptions.cpu(big, 1024).withPooling(EmbeddingPooling.MEAN);
        for (int i = 0; i < 2; i++) loadEmbedClose(options);
        long before = residentBytes();
        long footprint;
        try (LlamaCppEmbedder loaded = LlamaCppEmbedder.open(lib, options)) {
            loaded.embed(TEXTS);
            footprint = residentBytes() - before;
        }
        assertThat(footprint).as("one loaded model's resident bytes").isGreaterThan(32L << 20);
        for (int i = 0; i < 15; i++) loadEmbedClose(options);
        assertThat(residentBytes() - before).as("growth after 16 load/embed/close cycles; one model is %d", footprint)
                .isLessThan(footprint);
    }

    private static void loadEmbedClose(EmbeddingLoadOptions options) {
        try (LlamaCppEmbedder embedder = LlamaCppEmbedder.open(lib, options)) {
            embedder.embed(TEXTS);
        }
    }

    private static long residentBytes() throws java.io.IOException {
        for (String line : java.nio.file.Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
        throw new AssertionError("no VmRSS in /proc/self/status");
    }

    @Test
    void aMissingFileIsReportedWithItsPath() {
        Path missing = dir.resolve("absent.gguf");
        assertThatThrownBy(() -> LlamaCppEmbedder.open(lib, EmbeddingLoadOptions.cpu(missing, 64)))
                .isInstanceOfSatisfying(NativeException.class,
                        e -> assertThat(e.kind()).isEqualTo(NativeException.Kind.MODEL_FILE_MISSING))
                .hasMessageContaining(missing.toString());
    }

    static double norm(float[] v) {
        return Math.sqrt(dot(v, v));
    }

    static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) sum += (double) a[i] * b[i];
        return sum;
    }
}
