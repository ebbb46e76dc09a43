package dev.gatehouse.router.features;

import java.util.Locale;

/**
 * A prompt's character trigrams, hashed into {@value #BUCKETS} counts and scaled to unit length: the lexical half of
 * the stacked category model ({@link TaskClassifier.Method#STACKED}). MiniLM reads English word pieces; a Chinese or
 * Russian prompt comes out of it as a blur that sits near every other non-English prompt, whatever it asks. Trigrams
 * of characters need no vocabulary, so once an operator has examples in a language the model learns its words too
 * (数列, стихотворение, def, \frac). One pass over the head of the prompt.
 */
final class CharTrigrams {
    /** Collisions at this size cost little: the model only needs the frequent trigrams of each category apart. */
    static final int BUCKETS = 2048;
    /** The head read, as for the keyword cues: what a prompt asks for shows early, and long pastes would swamp it. */
    private static final int HEAD_CHARS = 2000;

    private CharTrigrams() {}

    /** The unit-length trigram counts of the text's head, lower-cased, runs of white space read as one space. */
    static double[] of(String text) {
        String head = text.length() > HEAD_CHARS ? text.substring(0, HEAD_CHARS) : text;
        String lower = head.toLowerCase(Locale.ROOT);
        // a space before and after, so the first and last word have their own boundary trigrams
        StringBuilder t = new StringBuilder(lower.length() + 2).append(' ');
        for (int i = 0; i < lower.length(); i++) {
            char c = lower.charAt(i);
            boolean space = Character.isWhitespace(c);
            if (!space || t.charAt(t.length() - 1) != ' ') t.append(space ? ' ' : c);
        }
        if (t.charAt(t.length() - 1) != ' ') t.append(' ');
        double[] counts = new double[BUCKETS];
        for (int i = 0; i + 2 < t.length(); i++) counts[bucket(t.charAt(i), t.charAt(i + 1), t.charAt(i + 2))]++;
        double norm = 0;
        for (double x : counts) norm += x * x;
        if (norm == 0) return counts;
        norm = Math.sqrt(norm);
        for (int i = 0; i < counts.length; i++) counts[i] /= norm;
        return counts;
    }

    /** FNV-1a over the three chars: fixed across JVMs and runs, unlike a hash seeded per process. */
    private static int bucket(char a, char b, char c) {
        int h = 0x811C9DC5;
        h = (h ^ a) * 0x01000193;
        h = (h ^ b) * 0x01000193;
        h = (h ^ c) * 0x01000193;
        return Math.floorMod(h ^ (h >>> 15), BUCKETS);
    }
}
