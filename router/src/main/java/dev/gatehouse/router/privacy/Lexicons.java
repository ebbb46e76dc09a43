package dev.gatehouse.router.privacy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The word lists name detection stands on, read once from resources next to this class. Every entry and every lookup
 * is folded (lower case, accents removed), so "Jürgen" finds "Jurgen".
 */
record Lexicons(Set<String> givenNames, Set<String> surnames, Set<String> places, Set<String> nationalities,
        Set<String> organizationSuffixes, Set<String> commonWords, Set<String> jobWords) {

    private static final Pattern MARKS = Pattern.compile("\\p{M}+");

    static Lexicons load() {
        Set<String> common = new HashSet<>(words("common-words.txt"));
        common.addAll(words("english-words.txt"));
        return new Lexicons(words("given-names.txt"), words("surnames.txt"), lines("places.txt"),
                words("nationalities.txt"), words("organization-suffixes.txt"), Set.copyOf(common), words("job-words.txt"));
    }

    static String fold(String s) {
        boolean ascii = true;
        for (int i = 0; i < s.length() && ascii; i++) ascii = s.charAt(i) < 128;
        String lower = s.toLowerCase(Locale.ROOT).replace('’', '\'');
        return ascii ? lower : MARKS.matcher(Normalizer.normalize(lower, Normalizer.Form.NFD)).replaceAll("");
    }

    /** The word without a possessive ending: "Szczepańska's" is looked up as "szczepańska". */
    static String base(String word) {
        return baseOfFolded(fold(word));
    }

    /** {@link #base} of a word already passed through {@link #fold}. */
    static String baseOfFolded(String w) {
        if (w.indexOf('\'') < 0) return w; // every ending below has an apostrophe
        if (w.endsWith("'s") && w.length() > 3) return w.substring(0, w.length() - 2);
        // contractions are their head word: "They're", "We'll", "Didn't"
        for (String ending : CONTRACTIONS) {
            if (w.endsWith(ending) && w.length() > ending.length() + 1) return w.substring(0, w.length() - ending.length());
        }
        return w;
    }

    private static final String[] CONTRACTIONS = {"'re", "'ll", "'ve", "'d", "'m", "n't"};

    boolean isCommon(String word) {
        return isCommonBase(base(word));
    }

    boolean isGivenName(String word) {
        return isGivenNameBase(base(word));
    }

    boolean isName(String word) {
        return isNameBase(base(word));
    }

    boolean isNationality(String word) {
        return isNationalityBase(base(word));
    }

    // the same lookups for a word already passed through base(): a scan folds each word once (ScanText.base)

    boolean isCommonBase(String w) {
        if (commonWords.contains(w)) return true;
        String american = americanSpelling(w);
        return american != null && commonWords.contains(american);
    }

    /**
     * The American spelling of a British one the word list lacks ("summarise", "harbour", "analyse"), or null when
     * the word has none of those endings: the lists are American, and a sentence opening with "Summarise" is not a
     * name.
     */
    static String americanSpelling(String w) {
        for (String[] ending : BRITISH_ENDINGS) {
            if (w.endsWith(ending[0]) && w.length() > ending[0].length() + 2) {
                return w.substring(0, w.length() - ending[0].length()) + ending[1];
            }
        }
        return null;
    }

    private static final String[][] BRITISH_ENDINGS = {
        {"isation", "ization"}, {"isations", "izations"}, {"ising", "izing"}, {"ised", "ized"}, {"ises", "izes"},
        {"ise", "ize"}, {"yse", "yze"}, {"ysed", "yzed"}, {"ysing", "yzing"}, {"ours", "ors"}, {"our", "or"},
        {"ourite", "orite"}, {"ourites", "orites"}};

    boolean isGivenNameBase(String w) {
        return givenNames.contains(w);
    }

    boolean isNameBase(String w) {
        return givenNames.contains(w) || surnames.contains(w);
    }

    boolean isNationalityBase(String w) {
        if (nationalities.contains(w)) return true;
        // plurals: Saudis, Ecuadoreans, Shiis
        if (w.endsWith("s") && w.length() > 3 && nationalities.contains(w.substring(0, w.length() - 1))) return true;
        // the ungrammatical plurals of generated and hurried text: "Surinameses", "Englishmans"
        return w.endsWith("es") && w.length() > 4 && nationalities.contains(w.substring(0, w.length() - 2));
    }

    private static Set<String> words(String resource) {
        Set<String> out = new HashSet<>();
        for (String line : read(resource)) for (String w : line.split("\\s+")) if (!w.isEmpty()) out.add(fold(w));
        return Set.copyOf(out);
    }

    private static Set<String> lines(String resource) {
        Set<String> out = new HashSet<>();
        for (String line : read(resource)) if (!line.isBlank()) out.add(fold(line.strip()));
        return Set.copyOf(out);
    }

    private static java.util.List<String> read(String resource) {
        try (InputStream in = Lexicons.class.getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException("missing lexicon resource " + resource + " next to " + Lexicons.class.getName());
            var lines = new java.util.ArrayList<String>();
            try (var reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String line; (line = reader.readLine()) != null; ) if (!line.startsWith("#")) lines.add(line);
            }
            return lines;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read lexicon " + resource, e);
        }
    }
}
