package dev.gatehouse.router.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class DataClassRuleTest {
    record Case(String behaviour, List<String> types, DataClass expected) {
        @Override
        public String toString() {
            return behaviour;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("nothing found is public", List.of(), DataClass.PUBLIC),
                new Case("a lone name is internal", List.of("PERSON"), DataClass.INTERNAL),
                new Case("a lone e-mail is internal", List.of("EMAIL_ADDRESS"), DataClass.INTERNAL),
                new Case("a place and a date are internal", List.of("GPE", "DATE_TIME"), DataClass.INTERNAL),
                new Case("a person with an e-mail is confidential", List.of("PERSON", "EMAIL_ADDRESS"), DataClass.CONFIDENTIAL),
                new Case("a person with an address is confidential", List.of("PERSON", "STREET_ADDRESS"), DataClass.CONFIDENTIAL),
                new Case("a person with a date of birth is confidential", List.of("PERSON", "DATE_OF_BIRTH"), DataClass.CONFIDENTIAL),
                new Case("a person with a plain date is internal", List.of("PERSON", "DATE_TIME"), DataClass.INTERNAL),
                new Case("e-mail and phone together are confidential", List.of("EMAIL_ADDRESS", "PHONE_NUMBER"), DataClass.CONFIDENTIAL),
                new Case("a card number is restricted", List.of("CREDIT_CARD"), DataClass.RESTRICTED),
                new Case("an IBAN is restricted", List.of("IBAN_CODE"), DataClass.RESTRICTED),
                new Case("an SSN is restricted", List.of("US_SSN"), DataClass.RESTRICTED),
                new Case("a driver's licence is restricted", List.of("US_DRIVER_LICENSE"), DataClass.RESTRICTED),
                new Case("an API key is restricted", List.of("OPENAI_API_KEY"), DataClass.RESTRICTED),
                new Case("a high-entropy string is restricted", List.of("HIGH_ENTROPY_SECRET"), DataClass.RESTRICTED));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void findingsMapToTheDocumentedClass(Case c) {
        List<Finding> findings = c.types().stream().map(t -> new Finding(t, 0, 1, 0.5)).toList();
        assertThat(DataClassRule.classify(findings, Map.of())).isEqualTo(c.expected());
    }

    @Test
    void anOperatorTypeRaisesToItsOwnClass() {
        var findings = List.of(new Finding("PROJECT", 0, 3, 1.0));
        assertThat(DataClassRule.classify(findings, Map.of("PROJECT", DataClass.CONFIDENTIAL))).isEqualTo(DataClass.CONFIDENTIAL);
    }

    @Test
    void aDeclaredClassRaisesTheReportButNeverLowersIt() {
        var report = new SensitiveDataScanner().scan("card 4111111111111111");
        assertThat(report.dataClass()).isEqualTo(DataClass.RESTRICTED);
        assertThat(report.raisedTo(DataClass.PUBLIC).dataClass()).isEqualTo(DataClass.RESTRICTED);
        var plain = new SensitiveDataScanner().scan("what is two plus two?");
        assertThat(plain.dataClass()).isEqualTo(DataClass.PUBLIC);
        assertThat(plain.raisedTo(DataClass.CONFIDENTIAL).dataClass()).isEqualTo(DataClass.CONFIDENTIAL);
    }

    @Test
    void headerValuesNameClassesInAnyCase() {
        assertThat(DataClass.fromWireName(" Confidential ")).contains(DataClass.CONFIDENTIAL);
        assertThat(DataClass.fromWireName("secret")).isEmpty();
        assertThat(DataClass.fromWireName(null)).isEmpty();
    }
}
