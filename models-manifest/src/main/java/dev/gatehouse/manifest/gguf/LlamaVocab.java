package dev.gatehouse.manifest.gguf;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.SequencedSet;

/**
 * A SentencePiece-style vocabulary llama.cpp accepts for {@code tokenizer.ggml.model = "llama"}: unknown, BOS and
 * EOS first, the 256 byte-fallback tokens (so any text tokenizes), the ChatML markers as control tokens, then word
 * pieces until the requested size.
 */
record LlamaVocab(List<String> tokens, float[] scores, int[] types) {
    static final int UNK = 0;
    static final int BOS = 1;
    static final int EOS = 2;
    static final int FIXED_TOKENS = 3 + 256 + 2;

    // llama.cpp's token attribute codes in tokenizer.ggml.token_type.
    private static final int NORMAL = 1;
    private static final int UNKNOWN = 2;
    private static final int CONTROL = 3;
    private static final int BYTE = 6;
    private static final String SPACE = "\u2581";
    private static final String[] WORDS = {"the", "and", "a", "to", "of", "was", "he", "she", "it", "in", "is",
        "you", "that", "for", "on", "with", "they", "I", "Hello", "hello", "said", "day", "Once", "upon", "time",
        "there", "little", "big", "happy", "play", "friend", "What", "How", "can", "help", "today", "yes", "no"};

    static LlamaVocab of(int size) {
        List<String> tokens = new ArrayList<>(size);
        List<Integer> types = new ArrayList<>(size);
        tokens.add("<unk>");
        types.add(UNKNOWN);
        tokens.add("<s>");
        types.add(CONTROL);
        tokens.add("</s>");
        types.add(CONTROL);
        for (int b = 0; b < 256; b++) {
            tokens.add(String.format("<0x%02X>", b));
            types.add(BYTE);
        }
        tokens.add("<|im_start|>");
        types.add(CONTROL);
        tokens.add("<|im_end|>");
        types.add(CONTROL);
        for (String piece : pieces(size - tokens.size())) {
            tokens.add(piece);
            types.add(NORMAL);
        }
        float[] scores = new float[size];
        int[] typeCodes = new int[size];
        for (int i = 0; i < size; i++) {
            typeCodes[i] = types.get(i);
            // Longer, earlier pieces win SentencePiece merges; control and byte tokens score 0 as in llama's vocab.
            scores[i] = typeCodes[i] == NORMAL ? -(i - FIXED_TOKENS) : 0f;
        }
        return new LlamaVocab(List.copyOf(tokens), scores, typeCodes);
    }

    private static SequencedSet<String> pieces(int count) {
        SequencedSet<String> pieces = new LinkedHashSet<>();
        pieces.add(SPACE);
        for (String word : WORDS) {
            pieces.add(SPACE + word);
        }
        for (char c = 'a'; c <= 'z'; c++) {
            pieces.add(String.valueOf(c));
            pieces.add(SPACE + c);
            pieces.add(String.valueOf(Character.toUpperCase(c)));
        }
        for (char c : "0123456789.,!?'\"-:;()".toCharArray()) {
            pieces.add(String.valueOf(c));
        }
        for (char c = 'a'; c <= 'z' && pieces.size() < count; c++) {
            for (char d = 'a'; d <= 'z' && pieces.size() < count; d++) {
                pieces.add("" + c + d);
            }
        }
        for (int n = 0; pieces.size() < count; n++) {
            pieces.add(SPACE + "w" + n);
        }
        while (pieces.size() > count) {
            pieces.removeLast();
        }
        return pieces;
    }
}
