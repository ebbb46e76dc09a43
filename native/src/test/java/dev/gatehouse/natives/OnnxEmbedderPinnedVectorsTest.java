package dev.gatehouse.natives;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The built-in MiniLM's vectors for {@link PinnedEmbeddingTexts} must not move: the learned difficulty model and the
 * category examples were fitted on them. The file was written by the embedder as of commit e7e932f (before the latency
 * work) and holds each vector's float bits; on that machine (AMD EPYC, AVX-512 VNNI) today's vectors are bit-identical.
 * The comparison allows 1e-5 per component only because ONNX Runtime's kernels differ by CPU (AVX2 vs AVX-512 sum in
 * other orders); anything that changes what is embedded (truncation, pooling, tokenisation, padding) moves components
 * by 1e-3 or more.
 */
class OnnxEmbedderPinnedVectorsTest {

    private static final double TOLERANCE = 1e-5;
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

    @Test
    void everyPinnedTextEmbedsToItsPinnedVectorWithItsPinnedTokenCount() throws IOException {
        Map<String, Pinned> pinned = readPinned();
        Map<String, String> texts = PinnedEmbeddingTexts.all();
        assertThat(pinned.keySet()).containsExactlyElementsOf(texts.keySet());
        for (Map.Entry<String, String> text : texts.entrySet()) {
            Embeddings result = embedder.embed(List.of(text.getValue()));
            Pinned expected = pinned.get(text.getKey());
            assertThat(result.tokens()).as("word pieces of %s", text.getKey()).isEqualTo(expected.tokens());
            float[] actual = result.vectors()[0];
            assertThat(actual).as("vector of %s", text.getKey()).hasSize(expected.vector().length);
            for (int d = 0; d < actual.length; d++) {
                assertThat((double) actual[d]).as("component %d of %s", d, text.getKey())
                        .isCloseTo(expected.vector()[d], org.assertj.core.api.Assertions.within(TOLERANCE));
            }
        }
    }

    @Test
    void aLongTextEmbedsExactlyLikeItsFirstWordsThatFillTheWindow() {
        String prompt = PinnedEmbeddingTexts.CODING_PROMPT;
        float[] alone = embedder.embed(List.of(prompt)).vectors()[0];
        float[] withATail = embedder.embed(List.of(prompt + " and more words ".repeat(4000))).vectors()[0];
        assertThat(withATail).containsExactly(alone);
    }

    @Test
    void embeddingTheSameTextTwiceGivesTheSameBits() {
        String text = PinnedEmbeddingTexts.all().get("prose-50kb");
        float[] first = embedder.embed(List.of(text)).vectors()[0];
        float[] second = embedder.embed(List.of(text)).vectors()[0];
        assertThat(second).containsExactly(first);
    }

    @Test
    void callsFromManyThreadsAtOnceEachGetTheVectorOfTheirOwnText() throws Exception {
        List<String> texts = List.copyOf(PinnedEmbeddingTexts.all().values());
        List<float[]> alone = texts.stream().map(t -> embedder.embed(List.of(t)).vectors()[0]).toList();
        try (ExecutorService threads = Executors.newFixedThreadPool(6)) {
            List<Future<float[]>> results = new ArrayList<>();
            for (int round = 0; round < 6; round++) {
                for (String text : texts) {
                    results.add(threads.submit(() -> embedder.embed(List.of(text)).vectors()[0]));
                }
            }
            for (int i = 0; i < results.size(); i++) {
                assertThat(results.get(i).get()).as("call %d", i).containsExactly(alone.get(i % texts.size()));
            }
        }
    }

    private record Pinned(int tokens, float[] vector) {}

    private static Map<String, Pinned> readPinned() throws IOException {
        Map<String, Pinned> pinned = new LinkedHashMap<>();
        try (InputStream in = OnnxEmbedderPinnedVectorsTest.class.getResourceAsStream("minilm-pinned-vectors.txt")) {
            assertThat(in).as("test resource minilm-pinned-vectors.txt").isNotNull();
            for (String line : new String(in.readAllBytes(), StandardCharsets.US_ASCII).split("\n")) {
                String[] fields = line.split("\t");
                float[] vector = new float[fields[2].length() / 8];
                for (int d = 0; d < vector.length; d++) {
                    vector[d] = Float.intBitsToFloat(Integer.parseUnsignedInt(fields[2], d * 8, d * 8 + 8, 16));
                }
                pinned.put(fields[0], new Pinned(Integer.parseInt(fields[1]), vector));
            }
        }
        return pinned;
    }
}
