package dev.gatehouse.router.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * The privacy scan runs on every request and message, so hostile text must not make it slow: every detector's regex
 * and loop stays linear. Generated texts repeat what each detector looks for (digit groups, key prefixes, name runs,
 * assignment keywords, address words, base64 runs, PEM headers...) up to 24 KB, glued with arbitrary characters; the
 * scan must take a bounded time per KB (a catastrophic backtrack takes seconds on such input) and, on any text at all,
 * return findings inside the text. jqwik prints the tries and the seed of each property; the collected statistics
 * show how the generated sizes spread.
 */
class DetectorCostTest {
    private static final PrivacyScanner SCANNER = new StrictEgressScanner(new SensitiveDataScanner());
    /**
     * Generous: a normal scan takes 1-2 ms per KB, 12-30 ms on a 2-core machine at load average 25 (the best of three runs is
     * kept, so a pause of the machine does not count); a quadratic regex on 24 KB takes seconds; an unbounded group repetition overflowed the stack (both seen here).
     */
    private static final double MAX_MILLIS_PER_KB = 60;
    private static final double FIXED_MILLIS = 10;

    /** What detectors start matching on: each repeated, a regex that backtracks on it shows here. */
    private static final List<String> FRAGMENTS = List.of("1", "1 ", "12-", "+1 (", "(0)", "call ", "tel: 12 ", "4111 ",
            "a@", "a.", "@a.", "x@y.z", "http://", "://a:", "sk-", "sk-ant-", "AKIA", "ghp_", "xoxb-", "eyJ", "eyJa.",
            "-----BEGIN ", "-----BEGIN RSA PRIVATE KEY-----", "password=", "password is ", "api_key: ", "DB_PASSWORD=",
            "Bearer ", "Mr. ", "Dr ", "Anna ", "Smith ", "Hicks, Ross and ", "Anna, ", "Street ", "Apt. 4 ", "123 Main ",
            "St. ", "lives in ", "born in ", "DE89 ", "GB", "000-00-", "192.168.", "::", "a:b:", "AbC9/", "aZ0+",
            "A", "a", "Aa ", "é", "\u0301", "\uD83D\uDE00", "\n", "\t", ". ", ",", "'", "-", "_", "=", ":", "\"");

    @Property(tries = 150)
    void scanTimePerKilobyteIsBoundedOnHostileText(@ForAll("hostile") String text) {
        Statistics.collect(text.length() < 4096 ? "< 4 KB" : text.length() < 16384 ? "4-16 KB" : ">= 16 KB");
        long best = Long.MAX_VALUE;
        for (int run = 0; run < 3; run++) {
            long t0 = System.nanoTime();
            SCANNER.scan(text);
            best = Math.min(best, System.nanoTime() - t0);
        }
        double millis = best / 1e6;
        double bound = FIXED_MILLIS + MAX_MILLIS_PER_KB * text.length() / 1024.0;
        assertThat(millis).as("scan of %d chars starting %s", text.length(), abbreviated(text)).isLessThan(bound);
    }

    @Property(tries = 1000)
    void findingsOfAnyTextLieInsideIt(@ForAll("anyText") String text) {
        PrivacyReport report = SCANNER.scan(text);
        assertThat(report.dataClass()).isNotNull();
        for (Finding f : report.findings()) {
            assertThat(f.start()).isBetween(0, text.length());
            assertThat(f.end()).isBetween(f.start() + 1, text.length());
        }
    }

    /** Found by the property above: a text of non-ASCII letters overflowed the scan's table of word starts. */
    @Example
    void textWithoutAsciiLettersIsScannedLikeAnyOther() {
        assertThat(SCANNER.scan("привет мир, как дела у Ивана Петрова").dataClass()).isNotEqualTo(DataClass.PUBLIC);
        assertThat(SCANNER.scan("你好世界你好世界").findings()).isNotEmpty();
    }

    @Provide
    Arbitrary<String> hostile() {
        Arbitrary<String> fragment = Arbitraries.of(FRAGMENTS);
        Arbitrary<Integer> times = Arbitraries.integers().between(1, 8000);
        Arbitrary<String> glue = Arbitraries.strings().all().ofMaxLength(3);
        Arbitrary<String> repeated = Combinators.combine(fragment, times, glue)
                .as((f, n, g) -> (f + g).repeat(Math.max(1, Math.min(n, 24_000 / Math.max(1, (f + g).length())))));
        // two hostile runs back to back: where one detector's match ends another's may start
        return Combinators.combine(repeated, repeated).as((a, b) -> (a + b).length() > 24_000 ? a : a + b);
    }

    @Provide
    Arbitrary<String> anyText() {
        return Arbitraries.oneOf(Arbitraries.strings().all().ofMaxLength(2000),
                Arbitraries.strings().withChars("0123456789 +-().@:/=_aAzZ\n").ofMaxLength(2000),
                Combinators.combine(Arbitraries.of(FRAGMENTS).list().ofMaxSize(200), Arbitraries.strings().all().ofMaxLength(5))
                        .as((parts, glue) -> String.join(glue, parts)));
    }

    private static String abbreviated(String text) {
        return text.length() <= 60 ? text : text.substring(0, 60) + "…";
    }
}
