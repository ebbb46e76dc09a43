package dev.gatehouse.router.distill;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Texts of random whole words from MiniLM's vocabulary, for distillation beyond the corpus at hand: a real corpus
 * shows only the pieces its domain uses (quiz questions say little about poems or shell scripts), so most rows would
 * keep their initial guess. MiniLM's embedding of a bag of random words still says how it combines those words,
 * which is all a static table can learn anyway, and every word of the vocabulary gets seen. Seeded: the same seed,
 * the same texts.
 */
final class SyntheticTexts {
    private SyntheticTexts() {}

    /** {@code count} texts of 4 to 32 words, each word a vocabulary piece of letters only. */
    static List<String> of(PieceVocabulary vocabulary, int count, long seed) {
        List<String> words = new ArrayList<>();
        for (int id = 0; id < vocabulary.size(); id++) {
            String piece = vocabulary.pieces()[id];
            if (!vocabulary.special(id) && !piece.startsWith("##") && piece.chars().allMatch(Character::isLetter)) words.add(piece);
        }
        Random random = new Random(seed);
        List<String> texts = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int length = 4 + random.nextInt(29);
            StringBuilder text = new StringBuilder();
            for (int w = 0; w < length; w++) {
                if (w > 0) text.append(' ');
                text.append(words.get(random.nextInt(words.size())));
            }
            texts.add(text.toString());
        }
        return texts;
    }
}
