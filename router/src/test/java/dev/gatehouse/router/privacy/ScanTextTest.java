package dev.gatehouse.router.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * What {@link ScanText} keeps for the detectors must answer exactly as the text and the lexicons would: the Latin-1
 * search copies give every ASCII literal's offsets, and the per-word lexicon answers are the sets' own, whatever the
 * order the detectors ask in.
 */
class ScanTextTest {
    private static final Lexicons LEXICONS = Lexicons.load();
    /** Literals the detectors search for, and pieces that are near them. */
    private static final List<String> NEEDLES = List.of("AKIA", "ASIA", "sk-", "sk-ant-", "eyJ", "://", "k_", "ghp_",
            "xox", " and ", "::", "-----BEGIN", "bearer", "aws", "card", "licen", "dl", "box", "corner of", "street",
            "zip", "post", "a", " ");
    private static final List<String> WORDS = List.of("Anna", "anna", "Smith", "the", "The", "colour", "Summarise",
            "Germans", "Surinameses", "Szczepańska's", "They're", "Jürgen", "zorblat", "Paris", "O'Brien", "Jean-Luc",
            "Ивана", "中文", "x", "I", "didn't", "Canadians");

    @Property(tries = 500)
    void theSearchCopiesFindEveryAsciiLiteralWhereTheTextHasIt(@ForAll("mixedText") String text,
            @ForAll("needle") String needle) {
        ScanText scan = ScanText.of(text);
        assertThat(scan.searchText).hasSameSizeAs(text);
        for (int from = 0; from <= text.length(); from += 7) {
            assertThat(scan.searchText.indexOf(needle, from)).isEqualTo(text.indexOf(needle, from));
            assertThat(scan.searchLower.indexOf(needle, from)).isEqualTo(scan.lower.indexOf(needle, from));
        }
    }

    @Example
    void aLatinOneTextIsItsOwnSearchCopy() {
        ScanText scan = ScanText.of("Café au lait, Zoë");
        assertThat(scan.searchText).isSameAs(scan.text);
        assertThat(scan.searchLower).isSameAs(scan.lower);
    }

    @Example
    void aWideTextsSearchCopyStandsInOneLatinOneCharForEachWideOne() {
        ScanText scan = ScanText.of("key “AKIA” 😀 sk-");
        assertThat(scan.searchText).isEqualTo("key ÿAKIAÿ ÿÿ sk-");
        assertThat(scan.searchText.indexOf("AKIA")).isEqualTo(5);
    }

    @Property(tries = 300)
    void theWordsLexiconAnswersAreTheSetsOwnInAnyOrderOfAsking(@ForAll("wordText") String text,
            @ForAll("questionOrder") List<Integer> order) {
        ScanText scan = ScanText.of(text);
        for (int q : order) {
            for (int w = scan.wordCount - 1; w >= 0; w--) {
                String base = scan.base(w);
                boolean answer = switch (q) {
                    case 0 -> scan.isCommon(w, LEXICONS) == LEXICONS.isCommonBase(base);
                    case 1 -> scan.isGivenName(w, LEXICONS) == LEXICONS.isGivenNameBase(base);
                    case 2 -> scan.isName(w, LEXICONS) == LEXICONS.isNameBase(base);
                    default -> scan.isNationality(w, LEXICONS) == LEXICONS.isNationalityBase(base);
                };
                assertThat(answer).as("question %d about %s", q, scan.word(w)).isTrue();
            }
        }
    }

    @Example
    void otherListsAreAskedDirectlyNotAnsweredFromTheFirstListsAnswers() {
        ScanText scan = ScanText.of("Anna met Zorblat");
        Lexicons onlyZorblat = new Lexicons(java.util.Set.of("zorblat"), java.util.Set.of(), java.util.Set.of(),
                java.util.Set.of(), java.util.Set.of(), java.util.Set.of(), java.util.Set.of());
        assertThat(scan.isGivenName(0, LEXICONS)).isTrue();
        assertThat(scan.isGivenName(2, LEXICONS)).isFalse();
        assertThat(scan.isGivenName(0, onlyZorblat)).isFalse();
        assertThat(scan.isGivenName(2, onlyZorblat)).isTrue();
    }

    @Provide
    Arbitrary<String> mixedText() {
        Arbitrary<String> piece = Arbitraries.oneOf(Arbitraries.of(NEEDLES), Arbitraries.strings().all().ofMaxLength(4),
                Arbitraries.of("“", "’", "😀", "中", "ſ", "Ā", "ÿ", "é"));
        return piece.list().ofMaxSize(60).map(p -> String.join("", p));
    }

    @Provide
    Arbitrary<String> needle() {
        return Arbitraries.oneOf(Arbitraries.of(NEEDLES), Arbitraries.strings().ascii().ofMinLength(1).ofMaxLength(3));
    }

    @Provide
    Arbitrary<String> wordText() {
        Arbitrary<String> word = Arbitraries.oneOf(Arbitraries.of(WORDS),
                Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(8));
        return word.list().ofMaxSize(30).map(w -> String.join(" ", w));
    }

    @Provide
    Arbitrary<List<Integer>> questionOrder() {
        return Arbitraries.integers().between(0, 3).list().ofMinSize(1).ofMaxSize(8);
    }
}
