package dev.gatehouse.natives;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Tokenising a window of a long text must give exactly the ids of tokenising all of it and truncating. */
class WindowedTokenizerTest {

    private static final int MAX_LENGTH = 256;
    private static final String[] PIECES = {"routing", "the", "unbelievable", "Kafka", "idempotent", "x", "42",
        "3.14", "(", ")", "{", "}", ";", ",", "über", "naïve", "東京", "😀", "ﬁ", "ΣΊΣΥΦΟΣ", "co-operate",
        "a".repeat(120), "https://example.com/a?b=c", "\u0301", "\u0000", "\u00a0"};
    private static final String[] GAPS = {" ", "  ", "\n", "\t", "\r\n", "", " \n\t ", "        "};

    private static HuggingFaceTokenizer whole;
    private static WindowedTokenizer windowed;

    @BeforeAll
    static void open() throws IOException {
        Map<String, String> options = Map.of("truncation", "true", "padding", "false",
                "maxLength", Integer.toString(MAX_LENGTH));
        whole = HuggingFaceTokenizer.newInstance(tokenizerJson(), options);
        windowed = new WindowedTokenizer(HuggingFaceTokenizer.newInstance(tokenizerJson(), options), MAX_LENGTH);
    }

    @AfterAll
    static void close() {
        whole.close();
        windowed.close();
    }

    @Test
    void everyPinnedTextGivesTheIdsOfTheWholeText() {
        for (String text : PinnedEmbeddingTexts.all().values()) {
            assertThat(windowed.encode(text).getIds()).isEqualTo(whole.encode(text).getIds());
        }
    }

    @Test
    void randomTextsOfWordsPunctuationAndOddCharactersGiveTheIdsOfTheWholeText() {
        Random random = new Random(20261121);
        for (int sample = 0; sample < 300; sample++) {
            String input = randomText(random, 500 + random.nextInt(12_000));
            assertThat(windowed.encode(input).getIds()).as("sample %d", sample)
                    .isEqualTo(whole.encode(input).getIds());
        }
    }

    /** Short windows put the cut among the pieces the model keeps, where a word split there would show. */
    @Test
    void shortWindowsGiveTheIdsOfTheWholeTextToo() throws IOException {
        Random random = new Random(7);
        for (int maxLength : new int[] {4, 8, 13, 32}) {
            Map<String, String> options = Map.of("truncation", "true", "padding", "false",
                    "maxLength", Integer.toString(maxLength));
            try (HuggingFaceTokenizer small = HuggingFaceTokenizer.newInstance(tokenizerJson(), options);
                    WindowedTokenizer smallWindowed = new WindowedTokenizer(
                            HuggingFaceTokenizer.newInstance(tokenizerJson(), options), maxLength)) {
                for (int sample = 0; sample < 400; sample++) {
                    String input = randomText(random, maxLength * (2 + random.nextInt(60)));
                    assertThat(smallWindowed.encode(input).getIds()).as("max %d, sample %d", maxLength, sample)
                            .isEqualTo(small.encode(input).getIds());
                }
            }
        }
    }

    private static String randomText(Random random, int length) {
        StringBuilder text = new StringBuilder();
        while (text.length() < length) {
            text.append(PIECES[random.nextInt(PIECES.length)]).append(GAPS[random.nextInt(GAPS.length)]);
        }
        return text.toString();
    }

    @Test
    void textWithoutAsciiWhitespaceFallsBackToTheWholeText() {
        String text = "x,y;".repeat(5000);
        assertThat(windowed.encode(text).getIds()).isEqualTo(whole.encode(text).getIds()).hasSize(MAX_LENGTH);
    }

    @Test
    void aWordEndIsTheLastAsciiWhitespaceBeforeTheLimit() {
        assertThat(WindowedTokenizer.wordEndBefore("ab cd\tef", 8)).isEqualTo(5);
        assertThat(WindowedTokenizer.wordEndBefore("ab cd\tef", 5)).isEqualTo(2);
        assertThat(WindowedTokenizer.wordEndBefore("abc\u00a0def", 7)).isEqualTo(-1);
    }

    private static InputStream tokenizerJson() {
        return WindowedTokenizerTest.class.getClassLoader().getResourceAsStream("all-minilm-l6-v2-q-tokenizer.json");
    }
}
