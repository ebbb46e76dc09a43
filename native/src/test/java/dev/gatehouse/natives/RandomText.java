package dev.gatehouse.natives;

import java.util.Random;

/**
 * Random texts from a mixed alphabet: vocabulary words and their capitalised forms, every kind of whitespace,
 * punctuation, accents and loose combining marks, CJK, kana, Hangul, emoji, format and control characters, lone
 * surrogates, special tokens and their fragments, and now and then any code point at all.
 */
final class RandomText {
    private static final String[] WORDS = {"the", "routing", "unbelievable", "Kafka", "HELLO", "World", "42", "3.14",
        "naïve", "Straße", "İstanbul", "ΣΊΣΥΦΟΣ", "東京", "ひらがな", "한국어", "Привет", "مَرْحَبًا", "हिन्दी", "😀👍🏽",
        "[CLS]", "[SEP]", "[MASK]", "[UNK]", "[PAD]", "[", "CLS", "]", "##ing", "a".repeat(100), "é".repeat(101)};
    private static final String[] CHARACTERS = {" ", " ", " ", "\n", "\t", "\r\n", "\u00A0", "\u3000", "\u2028",
        "\u000B", "\u0085", "!", "\"", "#", "$", "%", "&", "'", "(", ")", "*", "+", ",", "-", ".", "/", ":", ";", "<",
        "=", ">", "?", "@", "\\", "^", "_", "`", "{", "|", "}", "~", "«", "—", "…", "。", "、", "é", "Å", "ñ", "ß",
        "ü", "Æ", "ø", "\u0301", "\u0308", "\u0323", "\u0327", "\u0345", "\u0890", "\u08E2", "\u1ABF", "\u1734",
        "\u166D", "東", "字", "\uF900", "𠀀", "ひ", "カ", "ｶ", "한", "😀", "🏽", "\u200D", "\u00AD", "\uFEFF",
        "\u200B", "\u0000", "\u0001", "\u001B", "\u007F", "\uFFFD", "\uD800", "\uDC00", "Σ", "ς", "İ", "ı", "ǅ", "ﬁ",
        "x", "Q", "z", "0", "9"};

    private RandomText() {
    }

    static String of(Random random, int length) {
        StringBuilder text = new StringBuilder();
        while (text.length() < length) {
            int pick = random.nextInt(100);
            if (pick < 35) {
                text.append(WORDS[random.nextInt(WORDS.length)]);
            } else if (pick < 97) {
                text.append(CHARACTERS[random.nextInt(CHARACTERS.length)]);
            } else {
                text.appendCodePoint(random.nextInt(Character.MAX_CODE_POINT + 1));
            }
        }
        return text.toString();
    }
}
