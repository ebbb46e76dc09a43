package dev.gatehouse.router.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Lower-case names, places and streets no word list holds, found by where they stand; and the texts where unknown
 * words say nothing (code, another language, a lone jargon word) left alone. The values here are made up for this
 * test; none comes from an evaluation file.
 */
class UnknownWordContextTest {
    private static final SensitiveDataScanner SCANNER = new SensitiveDataScanner();

    /** {@code expected} is the exact text a finding of {@code type} must cover, or null when none is allowed. */
    record Case(String behaviour, String text, String type, String expected) {
        @Override
        public String toString() {
            return behaviour;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("two adjacent unknown words are a name", "did you get a reply from wenzeslava pirogova yet?", "PERSON", "wenzeslava pirogova"),
                new Case("a two-word name in a short question is a name", "did you call bartosia wenglik?", "PERSON", "bartosia wenglik"),
                new Case("a common word that is a given name starts a name before an unknown word", "the grace tovmasyan recording sold well", "PERSON", "grace tovmasyan"),
                new Case("one unknown word after 'the wife of' is a person", "the wife of okonkwe was not invited", "PERSON", "okonkwe"),
                new Case("one unknown word before 'said' is a person", "yesterday ardelka said the build is green", "PERSON", "ardelka"),
                new Case("unknown words after 'in' are a place", "we opened a shop in villaquejida nueva last year", "GPE", "villaquejida nueva"),
                new Case("an unknown place before a postal code is a place", "visit our branch in kirchzartenbach 79199 soon", "GPE", "kirchzartenbach"),
                new Case("the number after an unknown place is its postal code", "visit our branch in kirchzartenbach 79199 soon", "ZIP_CODE", "79199"),
                new Case("an unknown name before a Hungarian street word and a number is a street", "deliver it to szentendrei út 12 please", "STREET_ADDRESS", "szentendrei út 12"),
                new Case("a German compound street and its number is a street", "the office is on lindenhofstrasse 4 now", "STREET_ADDRESS", "lindenhofstrasse 4"),
                new Case("a Spanish prefix street word, a name and a number is a street", "we live at calle olmedilla 7 with the kids", "STREET_ADDRESS", "calle olmedilla 7"),
                new Case("a lone unknown word without a cue is no person", "the frobnicator module handles retries", "PERSON", null),
                new Case("command names are no person", "run kubectl apply and then helm upgrade", "PERSON", null),
                new Case("snake_case identifiers are no person", "rename retry_backoff_ms and conn_pool_size in the config", "PERSON", null),
                new Case("a sentence in another language is no person", "je voudrais réserver une chambre pour deux nuits", "PERSON", null),
                new Case("two typos apart are no name", "teh build failed and recieve times out", "PERSON", null),
                new Case("a unit after a number is no street", "pour in kirchzartenbach 5kg of flour", "STREET_ADDRESS", null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void whereAnUnknownWordStandsSaysWhatItIs(Case c) {
        List<String> found = SCANNER.scan(c.text()).findings().stream().filter(f -> f.type().equals(c.type()))
                .map(f -> c.text().substring(f.start(), f.end())).toList();
        if (c.expected() == null) {
            assertThat(found).isEmpty();
        } else {
            assertThat(found).contains(c.expected());
        }
    }
}
