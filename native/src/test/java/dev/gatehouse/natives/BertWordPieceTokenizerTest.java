package dev.gatehouse.natives;

import static dev.gatehouse.natives.MiniLmTokenizerJson.shown;
import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Java tokenizer gives exactly the window of DJL's HuggingFace tokenizer (ids, mask and type ids) on the same
 * {@code tokenizer.json} and truncation. Hermetic: MiniLM's file comes from the classpath; the shared eval prompts
 * are compared in {@link BertWordPieceTokenizerSharedDataTest}.
 */
class BertWordPieceTokenizerTest {

    private static final int[] WINDOWS = {8, 128, 256};
    private static final Map<Integer, HuggingFaceTokenizer> DJL = new HashMap<>();
    private static final Map<Integer, BertWordPieceTokenizer> JAVA = new HashMap<>();

    @BeforeAll
    static void open() {
        byte[] json = MiniLmTokenizerJson.bytes();
        for (int window : WINDOWS) {
            DJL.put(window, MiniLmTokenizerJson.djl(json, window));
            JAVA.put(window, MiniLmTokenizerJson.java(json, window));
        }
    }

    @AfterAll
    static void close() {
        DJL.values().forEach(HuggingFaceTokenizer::close);
    }

    static void assertSameWindow(HuggingFaceTokenizer djl, EmbeddingTokenizer java, String text) {
        EmbeddingWindow expected = EmbeddingWindow.of(djl.encode(text));
        EmbeddingWindow actual = java.window(text);
        assertThat(actual.ids()).as("ids of %s", shown(text)).containsExactly(expected.ids());
        assertThat(actual.mask()).as("mask of %s", shown(text)).containsExactly(expected.mask());
        assertThat(actual.types()).as("type ids of %s", shown(text)).containsExactly(expected.types());
        assertThat(actual).isEqualTo(expected).hasSameHashCodeAs(expected);
    }

    /** Named texts where a tokenizer could go wrong. */
    static Stream<Arguments> hardCases() {
        String asciiPunctuation = IntStream.rangeClosed(33, 126).filter(c -> !Character.isLetterOrDigit(c))
                .mapToObj(Character::toString).reduce("", String::concat);
        return Stream.of(
                Arguments.of("accents", "café naïve Åland mañana résumé Ærøskøbing Tiếng Việt"),
                Arguments.of("combining marks after letters", "e\u0301 n\u0303 a\u0308\u0323 o\u0323\u0302 x\u0345\u0301"),
                Arguments.of("marks of newer Unicode than HF's tables", "a\u0890b \u08E2 \u07FD\u0897 a\u1ABFb \u2E45 \u2E52"),
                Arguments.of("marks that changed category", "\u1734 a\u1734b \u166D x\u166Dy"),
                Arguments.of("spacing marks that NFD reorders", "x\uD834\uDD6D\uD834\uDD65 \uD834\uDD6E\uD834\uDD65\u0301"),
                Arguments.of("German sharp s", "Straße STRASSE ẞ Fußball"),
                Arguments.of("Turkish dotted capital I", "İstanbul DİYARBAKIR ıi Iİ"),
                Arguments.of("Greek capitals with a final sigma", "ΣΊΣΥΦΟΣ Οδυσσεύς ΌΣΟΣ"),
                Arguments.of("titlecase and ligatures", "ǅemal ǈ ﬁnance ﬂow Ⅻ ㎏"),
                Arguments.of("Chinese", "東京の天気は？中文分词测试，好。"),
                Arguments.of("CJK extensions and compatibility ideographs", "𠀀𠀁 \uD86E\uDC20 \uF900\uFA6D \uD87E\uDC00"),
                Arguments.of("Japanese kana", "ひらがな カタカナ ｶﾀｶﾅ ゔ が"),
                Arguments.of("Hangul", "안녕하세요 세계 한국어"),
                Arguments.of("emoji and astral symbols", "😀👍🏽 👨‍👩‍👧 🇩🇪 𝐀𝐁𝐂 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 𐍈 𓀀"),
                Arguments.of("zero-width joiner, soft hyphen, BOM", "in\u00ADter\u200Dna\uFEFFtional \u200B \u2060 \u061C"),
                Arguments.of("NUL and the replacement character", "a\u0000b \uFFFD c\uFFFDd"),
                Arguments.of("lone surrogates", "x\uD800y \uDC00z \uDBFF"),
                Arguments.of("control characters", "\u0001\u0007\u001B[31mred\u001B[0m \u007F \u0085 a\u000Bb\u000Cc \u001Cx"),
                Arguments.of("Unicode spaces", "a\u00A0b\u3000c\u2028d\u2029e\u202Ff\u205Fg\u1680h\u2000i\u200Aj\u180Ek"),
                Arguments.of("every ASCII punctuation character", asciiPunctuation),
                Arguments.of("ASCII punctuation between letters", String.join("x", asciiPunctuation.split(""))),
                Arguments.of("Unicode punctuation", "«quoted» “curly” ‘single’ — – … ¿qué? ¡sí! ‹a› 〈b〉 「c」 ・ ·"),
                Arguments.of("a word of 99 characters", "a".repeat(99)),
                Arguments.of("a word of 100 characters", "a".repeat(100)),
                Arguments.of("a word of 101 characters", "a".repeat(101)),
                Arguments.of("101 accented letters, 100 after stripping", "é".repeat(100) + "\u0301"),
                Arguments.of("100 letters written with 200 characters", "e\u0301".repeat(100)),
                Arguments.of("101 astral characters", "𝐀".repeat(101)),
                Arguments.of("words no piece matches", "qzxjvwqk x😀 ﬀﬀﬀ 𓀀𓀁 \u0E3F\u0E3F"),
                Arguments.of("the empty text", ""),
                Arguments.of("whitespace only", " \t\n\r\u3000\u00A0 "),
                Arguments.of("only characters that cleaning removes", "\u0000\u200B\uFEFF\u0001\uFFFD"),
                Arguments.of("special tokens written in the text", "[CLS] x [SEP] [MASK] [UNK] [PAD] a[CLS]b [[CLS]]"),
                Arguments.of("special tokens in other case or cut", "[cls] [Sep] [CLS [MAS K] [UNK"),
                Arguments.of("marks around special tokens", "é[MASK]\u0301 \u0301[SEP]\u0327"),
                Arguments.of("code", "def f(x):\n\treturn x**2  # square\n\nfor (int i = 0; i < n; i++) { a[i] = b->c; }"),
                Arguments.of("URLs, numbers, languages", "https://example.com/a?b=c&d=e#f 3.14159 1,000,000 1e-9 C++ C# .NET"),
                Arguments.of("Indic, Arabic, Hebrew, Thai", "हिन्दी मरहबा مَرْحَبًا بالعالم שָׁלוֹם สวัสดีครับ"),
                Arguments.of("Cyrillic", "Привет, мир! ЁЛКА Ёлка й"),
                Arguments.of("private use", "\uE000\uF8FF x\uE000y \uDB80\uDC00"));
    }

    static Stream<Arguments> hardCasesAtEveryWindow() {
        return hardCases().flatMap(c -> IntStream.of(WINDOWS).mapToObj(w -> Arguments.of(c.get()[0], c.get()[1], w)));
    }

    @ParameterizedTest(name = "{0}, window {2}")
    @MethodSource("hardCasesAtEveryWindow")
    void hardCasesGiveDjlsWindow(String name, String text, int window) {
        assertSameWindow(DJL.get(window), JAVA.get(window), text);
    }

    @Test
    void knownTextsGiveTheVocabularysIds() {
        BertWordPieceTokenizer java = JAVA.get(128);
        assertThat(java.window("Hello, World!").ids()).containsExactly(101, 7592, 1010, 2088, 999, 102);
        assertThat(java.window("[CLS] hello").ids()).containsExactly(101, 101, 7592, 102);
        assertThat(java.window("a".repeat(101)).ids()).containsExactly(101, 100, 102);
        assertThat(java.window("").ids()).containsExactly(101, 102);
        assertThat(java.window("hello").mask()).containsExactly(1, 1, 1);
        assertThat(java.window("hello").types()).containsExactly(0, 0, 0);
    }

    /** The last word read may fill the window exactly, overflow it by one piece, or stop one short of it. */
    @Test
    void textsEndingAtTheWindowEdgeGiveDjlsWindow() {
        byte[] json = MiniLmTokenizerJson.bytes();
        for (int window : new int[] {2, 3, 8, 128, 256}) {
            try (HuggingFaceTokenizer djl = MiniLmTokenizerJson.djl(json, window)) {
                BertWordPieceTokenizer java = MiniLmTokenizerJson.java(json, window);
                int pieces = window - 2;
                for (int k = Math.max(0, pieces - 2); k <= pieces + 2; k++) {
                    for (String text : List.of("hello ".repeat(k), "hello ".repeat(k) + "unbelievably",
                            "x,".repeat(k), "東".repeat(k), "hello ".repeat(k) + "[SEP]", "a".repeat(k) + " end")) {
                        assertSameWindow(djl, java, text);
                    }
                }
            }
        }
    }

    /** A few thousand random texts from an alphabet of every kind of character above, at six window lengths. */
    @Test
    void randomMixedTextsGiveDjlsWindow() {
        byte[] json = MiniLmTokenizerJson.bytes();
        Random random = new Random(20261207);
        for (int window : new int[] {2, 5, 8, 32, 128, 256}) {
            try (HuggingFaceTokenizer djl = MiniLmTokenizerJson.djl(json, window)) {
                BertWordPieceTokenizer java = MiniLmTokenizerJson.java(json, window);
                for (int sample = 0; sample < 600; sample++) {
                    assertSameWindow(djl, java, RandomText.of(random, random.nextInt(window < 32 ? 60 : 900)));
                }
            }
        }
    }

    /** The options of BertNormalizer other than MiniLM's: each one changes what the tokenizer must do. */
    static Stream<Arguments> normalizerOptions() {
        return Stream.of(
                Arguments.of("cased: lowercase false, accents kept as strip_accents follows it",
                        (Consumer<ObjectNode>) n -> n.put("lowercase", false)),
                Arguments.of("lowercase with accents kept",
                        (Consumer<ObjectNode>) n -> n.put("strip_accents", false)),
                Arguments.of("accents stripped without lowercasing",
                        (Consumer<ObjectNode>) n -> n.put("strip_accents", true).put("lowercase", false)),
                Arguments.of("no cleaning and no CJK spacing",
                        (Consumer<ObjectNode>) n -> n.put("clean_text", false).put("handle_chinese_chars", false)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("normalizerOptions")
    void everyNormalizerOptionGivesDjlsWindow(String name, Consumer<ObjectNode> option) {
        byte[] json = MiniLmTokenizerJson.edited(root -> option.accept((ObjectNode) root.get("normalizer")));
        Random random = new Random(name.hashCode());
        for (int window : new int[] {8, 256}) {
            try (HuggingFaceTokenizer djl = MiniLmTokenizerJson.djl(json, window)) {
                BertWordPieceTokenizer java = MiniLmTokenizerJson.java(json, window);
                hardCases().forEach(c -> assertSameWindow(djl, java, (String) c.get()[1]));
                for (int sample = 0; sample < 300; sample++) {
                    assertSameWindow(djl, java, RandomText.of(random, random.nextInt(400)));
                }
            }
        }
    }

    /**
     * Every code point, alone and inside a word after a capital with a combining mark after it: the character
     * classes, NFD, lowercasing and the vocabulary's single characters all agree with HuggingFace's Unicode tables.
     * The third way ends each text with a lone surrogate, which makes DJL hand Rust the text lossily.
     */
    @Test
    void everyCodePointGivesDjlsWindow() {
        int window = 512; // DJL's cap: 96 code points in at most 4 pieces each stay below it
        byte[] json = MiniLmTokenizerJson.bytes();
        try (HuggingFaceTokenizer djl = MiniLmTokenizerJson.djl(json, window)) {
            BertWordPieceTokenizer java = MiniLmTokenizerJson.java(json, window);
            List<String> mismatches = new ArrayList<>();
            for (String[] way : new String[][] {{" ", " ", ""}, {"Ab", "\u0327e", ""}, {"q", "q", "\uDC00"}}) {
                for (int first = 0; first <= Character.MAX_CODE_POINT; first += 96) {
                    StringBuilder text = new StringBuilder();
                    for (int c = first; c < Math.min(first + 96, Character.MAX_CODE_POINT + 1); c++) {
                        text.append(way[0]).appendCodePoint(c).append(way[1]).append(' ');
                    }
                    String joined = text.append(way[2]).toString();
                    EmbeddingWindow expected = EmbeddingWindow.of(djl.encode(joined));
                    assertThat(expected.pieces()).as("not truncated").isLessThan(window);
                    if (!java.window(joined).equals(expected)) {
                        mismatches.add(String.format("U+%04X..U+%04X as %s", first, first + 95, shown(way[0] + way[1])));
                    }
                }
            }
            assertThat(mismatches).isEmpty();
        }
    }
}
