package dev.gatehouse.router.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.manifest.ConfigException;
import dev.gatehouse.manifest.Violation;
import dev.gatehouse.router.privacy.DataClass;
import org.junit.jupiter.api.Test;

class PrivacyClassesReaderTest {

    @Test
    void withoutClassesEveryTypeKeepsItsShippedClass() {
        Policy p = PolicyReader.parse("priority: balanced\n", "p.yaml");
        assertThat(p.privacy().classes()).isEmpty();
        assertThat(p.privacy().findingClasses().of("PERSON")).isEqualTo(DataClass.CONFIDENTIAL);
        assertThat(p.privacy().findingClasses().of("IBAN_CODE")).isEqualTo(DataClass.RESTRICTED);
        assertThat(p.privacy().findingClasses().of("UNVERIFIED_TOKEN")).isEqualTo(DataClass.INTERNAL);
    }

    @Test
    void anOperatorLowersOneTypeAndRaisesAnother() {
        Policy p = PolicyReader.parse("""
                privacy:
                  classes: {GPE: internal, PERSON: Restricted}
                """, "p.yaml");
        assertThat(p.privacy().findingClasses().of("GPE")).isEqualTo(DataClass.INTERNAL);
        assertThat(p.privacy().findingClasses().of("PERSON")).isEqualTo(DataClass.RESTRICTED);
        assertThat(p.privacy().findingClasses().of("EMAIL_ADDRESS")).isEqualTo(DataClass.CONFIDENTIAL);
    }

    @Test
    void everyBadKeyAndValueIsListedWithItsPath() {
        String yaml = """
                privacy:
                  classes: {PERSN: confidential, EMAIL_ADDRESS: secret, PHONE_NUMBER: [internal], GPE: public}
                """;
        assertThatThrownBy(() -> PolicyReader.parse(yaml, "bad.yaml"))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.violations()).extracting(Violation::key).containsExactly("privacy.classes.PERSN",
                            "privacy.classes.EMAIL_ADDRESS", "privacy.classes.PHONE_NUMBER");
                    assertThat(e.violations().get(0).message()).contains("unknown finding type", "PERSON");
                    assertThat(e.violations().get(1).message()).contains("public, internal, confidential, restricted",
                            "'secret'");
                    assertThat(e.violations().get(2).message()).contains("a list");
                });
    }

    @Test
    void classesMustBeAMapping() {
        assertThatThrownBy(() -> PolicyReader.parse("privacy:\n  classes: [PERSON]\n", "bad.yaml"))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.violations())
                        .extracting(Violation::key).containsExactly("privacy.classes"));
    }
}
