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
                new Case("a lone name is confidential", List.of("PERSON"), DataClass.CONFIDENTIAL),
                new Case("a lone e-mail is confidential", List.of("EMAIL_ADDRESS"), DataClass.CONFIDENTIAL),
                new Case("a lone phone number is confidential", List.of("PHONE_NUMBER"), DataClass.CONFIDENTIAL),
                new Case("a lone street address is confidential", List.of("STREET_ADDRESS"), DataClass.CONFIDENTIAL),
                new Case("a lone date of birth is confidential", List.of("DATE_OF_BIRTH"), DataClass.CONFIDENTIAL),
                new Case("a nationality is confidential", List.of("NRP"), DataClass.CONFIDENTIAL),
                new Case("a place and a date are confidential", List.of("GPE", "DATE_TIME"), DataClass.CONFIDENTIAL),
                new Case("an unverified word is internal", List.of("UNVERIFIED_TOKEN"), DataClass.INTERNAL),
                new Case("a type nobody declared is internal", List.of("SOMETHING_NEW"), DataClass.INTERNAL),
                new Case("a card number is restricted", List.of("CREDIT_CARD"), DataClass.RESTRICTED),
                new Case("an IBAN is restricted", List.of("IBAN_CODE"), DataClass.RESTRICTED),
                new Case("an SSN is restricted", List.of("US_SSN"), DataClass.RESTRICTED),
                new Case("a driver's licence is restricted", List.of("US_DRIVER_LICENSE"), DataClass.RESTRICTED),
                new Case("an API key is restricted", List.of("OPENAI_API_KEY"), DataClass.RESTRICTED),
                new Case("a high-entropy string is restricted", List.of("HIGH_ENTROPY_SECRET"), DataClass.RESTRICTED));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void findingsMapToTheShippedClass(Case c) {
        List<Finding> findings = c.types().stream().map(t -> new Finding(t, 0, 1, 0.5)).toList();
        assertThat(DataClassRule.classify(findings, FindingClasses.defaults())).isEqualTo(c.expected());
    }

    @Test
    void anOperatorMayLowerATypeAlone() {
        var classes = FindingClasses.withOverrides(Map.of("GPE", DataClass.PUBLIC, "PERSON", DataClass.INTERNAL));
        assertThat(DataClassRule.classify(List.of(new Finding("GPE", 0, 5, 0.9)), classes)).isEqualTo(DataClass.PUBLIC);
        assertThat(DataClassRule.classify(List.of(new Finding("PERSON", 0, 5, 0.9)), classes)).isEqualTo(DataClass.INTERNAL);
    }

    @Test
    void aNameWithAWayToReachThemStaysConfidentialWhateverTheTypesAloneSay() {
        var lowered = FindingClasses.withOverrides(Map.of("PERSON", DataClass.PUBLIC, "EMAIL_ADDRESS", DataClass.PUBLIC,
                "PHONE_NUMBER", DataClass.PUBLIC));
        assertThat(DataClassRule.classify(List.of(new Finding("PERSON", 0, 5, 0.9), new Finding("EMAIL_ADDRESS", 6, 9, 1)),
                lowered)).isEqualTo(DataClass.CONFIDENTIAL);
        assertThat(DataClassRule.classify(List.of(new Finding("PHONE_NUMBER", 0, 5, 0.9),
                new Finding("EMAIL_ADDRESS", 6, 9, 1)), lowered)).isEqualTo(DataClass.CONFIDENTIAL);
        assertThat(DataClassRule.classify(List.of(new Finding("EMAIL_ADDRESS", 0, 5, 0.9),
                new Finding("EMAIL_ADDRESS", 6, 9, 1)), lowered)).as("two e-mails are one kind of contact")
                .isEqualTo(DataClass.PUBLIC);
    }

    @Test
    void anOperatorMayRaiseATypeToRestricted() {
        var classes = FindingClasses.withOverrides(Map.of("PERSON", DataClass.RESTRICTED));
        assertThat(new SensitiveDataScanner(List.of(), List.of(), classes).scan("Please forward this to Maria Gonzalez.")
                .dataClass()).isEqualTo(DataClass.RESTRICTED);
    }

    @Test
    void anOperatorTypeRaisesToItsOwnClassButNeverLowersABuiltInType() {
        var project = new CustomPattern("PROJECT", java.util.regex.Pattern.compile("PRJ-\\d{4}"), DataClass.RESTRICTED);
        assertThat(new SensitiveDataScanner(List.of(project), List.of()).scan("status of PRJ-1234?").dataClass())
                .isEqualTo(DataClass.RESTRICTED);
        var lowering = new TermList("PERSON", List.of("Zorblat"), DataClass.PUBLIC);
        assertThat(new SensitiveDataScanner(List.of(), List.of(lowering)).classes().of("PERSON"))
                .isEqualTo(DataClass.CONFIDENTIAL);
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
