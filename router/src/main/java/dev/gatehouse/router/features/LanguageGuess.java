package dev.gatehouse.router.features;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The language of a text from its script, and for Latin script from common stop words: good enough to route
 * non-English prompts to a model that speaks the language, cheap enough to run on every request.
 */
final class LanguageGuess {

    static final String UNKNOWN = "und";

    private static final Map<String, Set<String>> STOP_WORDS = Map.of(
            "en", Set.of("the", "and", "is", "of", "to", "in", "that", "it", "for", "you", "with", "what", "how", "this",
                    "a", "an", "are", "my", "be", "on", "can", "please", "write", "me"),
            "de", Set.of("der", "die", "und", "das", "ist", "nicht", "ich", "ein", "eine", "mit", "zu", "wie"),
            "fr", Set.of("le", "la", "les", "et", "est", "une", "des", "pour", "que", "pas", "je", "vous", "dans"),
            "es", Set.of("el", "los", "las", "y", "es", "una", "por", "para", "que", "con", "del", "como", "se"),
            "it", Set.of("il", "che", "di", "una", "per", "non", "sono", "gli", "della", "come", "questo", "è"),
            "pt", Set.of("os", "uma", "não", "para", "com", "que", "do", "da", "em", "como", "são", "você"),
            "nl", Set.of("de", "het", "een", "en", "is", "niet", "van", "dat", "ik", "je", "met", "voor"));
    private static final List<String> LATIN_ORDER = List.of("en", "de", "fr", "es", "it", "pt", "nl");

    private LanguageGuess() {}

    static String of(String text) {
        int[] scripts = new int[Script.values().length];
        int letters = 0;
        for (int i = 0; i < text.length() && letters < 2000; ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (!Character.isLetter(cp)) continue;
            letters++;
            scripts[Script.of(Character.UnicodeScript.of(cp)).ordinal()]++;
        }
        if (letters == 0) return UNKNOWN;
        // kana marks Japanese even in a text that is mostly kanji
        if (scripts[Script.KANA.ordinal()] * 10 > letters) return "ja";
        Script top = Script.LATIN;
        for (Script s : Script.values()) {
            if (scripts[s.ordinal()] > scripts[top.ordinal()]) top = s;
        }
        return top == Script.LATIN ? latin(text) : top.language;
    }

    private static String latin(String text) {
        Map<String, Integer> hits = new java.util.HashMap<>();
        int words = 0;
        for (String word : text.toLowerCase(Locale.ROOT).split("[^\\p{L}]+")) {
            if (word.isEmpty() || ++words > 400) continue;
            for (String lang : LATIN_ORDER) {
                if (STOP_WORDS.get(lang).contains(word)) hits.merge(lang, 1, Integer::sum);
            }
        }
        String best = UNKNOWN;
        int bestHits = 0;
        for (String lang : LATIN_ORDER) {
            int h = hits.getOrDefault(lang, 0);
            if (h > bestHits) {
                best = lang;
                bestHits = h;
            }
        }
        return best;
    }

    private enum Script {
        LATIN(UNKNOWN), HAN("zh"), KANA("ja"), HANGUL("ko"), CYRILLIC("ru"), ARABIC("ar"), DEVANAGARI("hi"),
        GREEK("el"), HEBREW("he"), THAI("th"), OTHER(UNKNOWN);

        final String language;

        Script(String language) {
            this.language = language;
        }

        static Script of(Character.UnicodeScript script) {
            return switch (script) {
                case LATIN -> LATIN;
                case HAN -> HAN;
                case HIRAGANA, KATAKANA -> KANA;
                case HANGUL -> HANGUL;
                case CYRILLIC -> CYRILLIC;
                case ARABIC -> ARABIC;
                case DEVANAGARI -> DEVANAGARI;
                case GREEK -> GREEK;
                case HEBREW -> HEBREW;
                case THAI -> THAI;
                default -> OTHER;
            };
        }
    }
}
