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
    private static final int WORDS_READ = 400;
    private static final List<String> LATIN_ORDER = List.of("en", "de", "fr", "es", "it", "pt", "nl");
    /** Each stop word and the languages it belongs to, as bits in {@link #LATIN_ORDER}'s order. */
    private static final Map<String, Integer> LANGUAGES_OF = languagesOf();
    private static final int LONGEST_STOP_WORD = LANGUAGES_OF.keySet().stream().mapToInt(String::length).max().orElse(0);

    private LanguageGuess() {}

    static String of(String text) {
        int[] scripts = new int[Script.values().length];
        int letters = 0;
        for (int i = 0; i < text.length() && letters < 2000; ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (cp < 0x80) { // ASCII letters are Latin: no script table lookup for most prompts
                if ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z') {
                    letters++;
                    scripts[Script.LATIN.ordinal()]++;
                }
                continue;
            }
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

    /**
     * Stop-word hits over the first {@value #WORDS_READ} words, a word being a run of letters of the lower-cased
     * text. Reads the text a word at a time, so a long prompt is neither lower-cased nor split as a whole, and looks
     * each word up once ({@link #LANGUAGES_OF}) instead of once per language.
     */
    static String latin(String text) {
        int[] hits = new int[LATIN_ORDER.size()];
        int words = 0;
        int i = 0;
        while (i < text.length() && words < WORDS_READ) {
            int start = i;
            boolean ascii = true;
            while (i < text.length()) {
                int cp = text.codePointAt(i);
                if (!Character.isLetter(cp)) break;
                ascii &= cp < 0x80;
                i += Character.charCount(cp);
            }
            if (i == start) {
                i += Character.charCount(text.codePointAt(i));
                continue;
            }
            if (ascii && i - start > LONGEST_STOP_WORD) { // lower-casing keeps an ASCII word one word, as long
                words++;
                continue;
            }
            // lower-casing may turn a letter into a letter and a mark (İ): split again where the whole text would have
            String lower = text.substring(start, i).toLowerCase(Locale.ROOT);
            for (String word : isAllLetters(lower) ? new String[] {lower} : lower.split("[^\\p{L}]+")) {
                if (word.isEmpty() || ++words > WORDS_READ) continue;
                Integer languages = word.length() > LONGEST_STOP_WORD ? null : LANGUAGES_OF.get(word);
                if (languages == null) continue;
                for (int l = 0; l < hits.length; l++) {
                    if ((languages & (1 << l)) != 0) hits[l]++;
                }
            }
        }
        String best = UNKNOWN;
        int bestHits = 0;
        for (int l = 0; l < hits.length; l++) {
            if (hits[l] > bestHits) {
                best = LATIN_ORDER.get(l);
                bestHits = hits[l];
            }
        }
        return best;
    }

    private static Map<String, Integer> languagesOf() {
        Map<String, Integer> languages = new java.util.HashMap<>();
        for (int l = 0; l < LATIN_ORDER.size(); l++) {
            for (String word : STOP_WORDS.get(LATIN_ORDER.get(l))) languages.merge(word, 1 << l, (a, b) -> a | b);
        }
        return Map.copyOf(languages);
    }

    private static boolean isAllLetters(String word) {
        for (int i = 0; i < word.length(); ) {
            int cp = word.codePointAt(i);
            if (!Character.isLetter(cp)) return false;
            i += Character.charCount(cp);
        }
        return true;
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
