package dev.gatehouse.router.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class StrictEgressScannerTest {
    private static final StrictEgressScanner SCANNER = new StrictEgressScanner(new SensitiveDataScanner());

    record Case(String name, String text, DataClass expected, List<String> unverified) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Case> cases() {
        return List.of(
                new Case("ordinary words in an ordinary sentence may leave", "Explain how tides work.",
                        DataClass.PUBLIC, List.of()),
                new Case("a capital at the start of each sentence is not a proper noun",
                        "Summarize the plot. Then list the main themes!", DataClass.PUBLIC, List.of()),
                new Case("small counts and percentages carry no identity", "I have 8 years of work and grew sales by 16%.",
                        DataClass.PUBLIC, List.of()),
                new Case("an unknown word stays on the premises", "we met at the harburg office",
                        DataClass.INTERNAL, List.of("harburg")),
                new Case("a proper noun made of dictionary words stays", "I read Chemical Abstracts Service daily",
                        DataClass.INTERNAL, List.of("Chemical", "Abstracts", "Service")),
                new Case("a number of three or more digits stays", "the bus stops at 74678 on the main road",
                        DataClass.INTERNAL, List.of("74678")),
                new Case("a small decimal counts only its digits", "the tide rose 1.5 feet",
                        DataClass.PUBLIC, List.of()),
                new Case("a number of three digits stays however it is dotted", "the tide rose 1.2.5 feet",
                        DataClass.INTERNAL, List.of("1.2.5")),
                new Case("letters and digits in one word stay", "the b2b portal is down",
                        DataClass.INTERNAL, List.of("b2b")),
                new Case("what the detectors already found keeps its own class", "card 4111 1111 1111 1111",
                        DataClass.RESTRICTED, List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void textLeavesOnlyWhenEveryWordIsKnownToBeHarmless(Case c) {
        PrivacyReport report = SCANNER.scan(c.text());
        assertThat(report.dataClass()).isEqualTo(c.expected());
        assertThat(report.findings().stream().filter(f -> f.type().equals(StrictEgressScanner.UNVERIFIED))
                .map(f -> c.text().substring(f.start(), f.end())).toList()).isEqualTo(c.unverified());
    }
}
